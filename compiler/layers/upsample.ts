import { noParameters, type LayerKind } from './kind.js';
import { expectImage } from './input-rank.js';
import { upsample as upsampleGraph } from '../graph/nn/reshape.js';

type UpsampleOptions = { scale: number };

export const upsample: LayerKind<UpsampleOptions> = {
  name: 'upsample',
  summary: 'nearest-neighbour upsampling of an image [h, w, c] -> [h*scale, w*scale, c]',
  positional: ['scale'],
  schema: {
    type: 'object',
    properties: {
      scale: { type: 'integer', minimum: 1, default: 2 },
    },
    additionalProperties: false,
  },
  // Copies of input values: the range stays.
  examples: [{ input: [7, 5, 3], options: { scale: 3 } }],
  range: () => 'preserves',
  outputShape(input, options) {
    return expectImage('upsample', input) ?? [input[0] * options.scale, input[1] * options.scale, input[2]];
  },
  parameters: () => noParameters,
  tfjs: (_input, options) => [
    { factory: 'tf.layers.upSampling2d', config: { size: [options.scale, options.scale], interpolation: 'nearest' } },
  ],
  graph: (b, x, _input, options) => upsampleGraph(b, x, options.scale),
};
