import { initializerConfig, type LayerKind } from './kind.js';
import { initOption } from '../init/scheme.js';
import { lastAxis } from './input-rank.js';
import { unbounded } from './range.js';
import { batchNorm as batchNormGraph } from '../graph/nn/normalization.js';

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
      init: initOption,
    },
    additionalProperties: false,
  },
  // Keras's BatchNormalization: momentum 0.99, epsilon 1e-3 (PyTorch's: momentum 0.1, here 0.9, and 1e-5).
  frameworkDefaults: { keras: { momentum: 0.99, eps: 1e-3 } },
  mixesBatch: true,
  centresChannels: true,
  examples: [{ input: [7, 7, 3], options: {} }, { input: [12], options: { momentum: 0.99, eps: 1e-3 } }],
  range: () => unbounded,
  outputShape: (input) => input,
  parameters(input) {
    // gamma and beta are learned; the moving mean and variance are statistics, not trained.
    const channels = lastAxis(input);
    return { trainable: 2 * channels, nonTrainable: 2 * channels };
  },
  weights(input) {
    const fans = { layer: 'batch_norm', fanIn: lastAxis(input), fanOut: lastAxis(input) };
    return [{ role: 'gamma', ...fans }, { role: 'beta', ...fans }];
  },
  tfjs: (_input, options, _context, init) => [
    {
      factory: 'tf.layers.batchNormalization',
      config: { axis: -1, momentum: options.momentum, epsilon: options.eps, ...initializerConfig(init, { gamma: 'gammaInitializer', beta: 'betaInitializer' }) },
    },
  ],
  graph: (b, x, _input, options, context) => batchNormGraph(b, x, { momentum: options.momentum, epsilon: options.eps }, context),
};
