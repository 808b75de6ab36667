import type { LayerKind } from './kind.js';

export const relu: LayerKind = {
  name: 'relu',
  summary: 'rectified linear activation, max(x, 0)',
  positional: [],
  schema: { type: 'object', properties: {}, additionalProperties: false },
  outputShape(input) {
    return input;
  },
  parameters() {
    return { trainable: 0, nonTrainable: 0 };
  },
  emit() {
    return [{ op: 'layer', factory: 'tf.layers.reLU', config: {} }];
  },
};
