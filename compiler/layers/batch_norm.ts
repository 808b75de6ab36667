import type { LayerKind } from './kind.js';
import { lastAxis } from './input-rank.js';

type BatchNormOptions = { momentum: number; eps: number };

export const batchNorm: LayerKind<BatchNormOptions> = {
  name: 'batch_norm',
  summary: 'batch normalisation over the last axis (Keras-style momentum: 0.9 is PyTorch\'s 0.1)',
  positional: [],
  schema: {
    type: 'object',
    properties: {
      momentum: { type: 'number', minimum: 0, maximum: 1, default: 0.9 },
      eps: { type: 'number', exclusiveMinimum: 0, default: 1e-5 },
    },
    additionalProperties: false,
  },
  outputShape(input) {
    return input;
  },
  parameters(input) {
    // gamma and beta are learned; the moving mean and variance are statistics, not trained.
    const channels = lastAxis(input);
    return { trainable: 2 * channels, nonTrainable: 2 * channels };
  },
  emit(_input, options) {
    return [
      {
        op: 'layer',
        factory: 'tf.layers.batchNormalization',
        config: { axis: -1, momentum: options.momentum, epsilon: options.eps },
      },
    ];
  },
};
