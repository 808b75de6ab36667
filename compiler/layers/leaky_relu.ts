import type { LayerKind } from './kind.js';

type LeakyReluOptions = { alpha: number };

export const leakyRelu: LayerKind<LeakyReluOptions> = {
  name: 'leaky_relu',
  summary: 'leaky rectified linear activation, x for x > 0 and alpha * x otherwise',
  positional: ['alpha'],
  schema: {
    type: 'object',
    properties: {
      alpha: { type: 'number', minimum: 0, default: 0.2 },
    },
    additionalProperties: false,
  },
  outputShape(input) {
    return input;
  },
  parameters() {
    return { trainable: 0, nonTrainable: 0 };
  },
  emit(_input, options) {
    return [{ op: 'layer', factory: 'tf.layers.leakyReLU', config: { alpha: options.alpha } }];
  },
};
