import { elementCount } from '../shape.js';
import type { LayerKind } from './kind.js';

export const flatten: LayerKind = {
  name: 'flatten',
  summary: 'turns an image [h, w, c] into a vector [h*w*c]',
  positional: [],
  schema: { type: 'object', properties: {}, additionalProperties: false },
  outputShape(input) {
    return [elementCount(input)];
  },
  parameters() {
    return { trainable: 0, nonTrainable: 0 };
  },
  emit(input) {
    // tf.layers.flatten refuses a vector input (it wants rank >= 3 with the batch axis), where
    // flattening changes nothing; an identity reshape keeps the layer visible in the model.
    if (input.length === 1) {
      return [{ op: 'layer', factory: 'tf.layers.reshape', config: { targetShape: [input[0]] } }];
    }
    return [{ op: 'layer', factory: 'tf.layers.flatten', config: {} }];
  },
};
