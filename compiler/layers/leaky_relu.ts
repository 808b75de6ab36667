import { noParameters, type LayerKind } from './kind.js';
import { unbounded } from './range.js';

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
  examples: [{ input: [7, 7, 3], options: { alpha: 0.1 } }],
  range: (options) => (options.alpha === 0 ? { low: 0, high: Infinity } : unbounded),
  outputShape: (input) => input,
  parameters: () => noParameters,
  tfjs: (_input, options) => [{ factory: 'tf.layers.leakyReLU', config: { alpha: options.alpha } }],
  graph: (b, x, _input, options) => b.leakyRelu(x, options.alpha),
};
