import { initializerConfig, type LayerKind } from './kind.js';
import { initOption } from '../init/scheme.js';
import { lastAxis } from './input-rank.js';
import { unbounded } from './range.js';
import { layerNorm as layerNormGraph } from '../graph/nn/normalization.js';

type LayerNormOptions = { eps: number };

export const layerNorm: LayerKind<LayerNormOptions> = {
  name: 'layer_norm',
  summary: 'layer normalisation over the last axis',
  positional: [],
  schema: {
    type: 'object',
    properties: {
      eps: { type: 'number', exclusiveMinimum: 0, default: 1e-5 },
      init: initOption,
    },
    additionalProperties: false,
  },
  // Keras's LayerNormalization: epsilon 1e-3 (PyTorch's: 1e-5).
  frameworkDefaults: { keras: { eps: 1e-3 } },
  examples: [{ input: [7, 7, 3], options: {} }, { input: [12], options: {} }],
  range: () => unbounded,
  outputShape: (input) => input,
  parameters: (input) => ({ trainable: 2 * lastAxis(input), nonTrainable: 0 }),
  weights(input) {
    const fans = { layer: 'layer_norm', fanIn: lastAxis(input), fanOut: lastAxis(input) };
    return [{ role: 'gamma', ...fans }, { role: 'beta', ...fans }];
  },
  tfjs: (_input, options, _context, init) => [
    {
      factory: 'tf.layers.layerNormalization',
      config: { axis: -1, epsilon: options.eps, ...initializerConfig(init, { gamma: 'gammaInitializer', beta: 'betaInitializer' }) },
    },
  ],
  graph: (b, x, _input, options) => layerNormGraph(b, x, { epsilon: options.eps }),
};
