import { elementCount } from '../shape.js';
import { noParameters, type LayerKind } from './kind.js';
import { noOptions } from '../settings/variant.js';
import { flatten as flattenGraph } from '../graph/nn/reshape.js';

export const flatten: LayerKind = {
  name: 'flatten',
  summary: 'turns an image [h, w, c] into a vector [h*w*c]',
  positional: [],
  schema: noOptions,
  examples: [{ input: [7, 7, 128], options: {} }, { input: [10], options: {} }],
  range: () => 'preserves',
  outputShape: (input) => [elementCount(input)],
  parameters: () => noParameters,
  tfjs(input) {
    // tf.layers.flatten refuses a vector input (it wants rank >= 3 with the batch axis), where
    // flattening changes nothing; an identity reshape keeps the layer visible in the model.
    if (input.length === 1) return [{ factory: 'tf.layers.reshape', config: { targetShape: [input[0]] } }];
    return [{ factory: 'tf.layers.flatten', config: {} }];
  },
  graph: (b, x) => flattenGraph(b, x),
};
