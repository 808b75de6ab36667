import type { LayerKind } from './kind.js';
import { lastAxis } from './input-rank.js';
import { unbounded } from './range.js';

type LayerNormOptions = { eps: number };

export const layerNorm: LayerKind<LayerNormOptions> = {
  name: 'layer_norm',
  summary: 'layer normalisation over the last axis',
  positional: [],
  schema: {
    type: 'object',
    properties: {
      eps: { type: 'number', exclusiveMinimum: 0, default: 1e-5 },
    },
    additionalProperties: false,
  },
  examples: [{ input: [7, 7, 3], options: {} }, { input: [12], options: {} }],
  range: () => unbounded,
  outputShape: (input) => input,
  parameters: (input) => ({ trainable: 2 * lastAxis(input), nonTrainable: 0 }),
  tfjs: (_input, options) => [{ factory: 'tf.layers.layerNormalization', config: { axis: -1, epsilon: options.eps } }],
};
