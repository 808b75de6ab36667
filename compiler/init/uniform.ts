import { uniform } from './initializers.js';
import type { InitScheme } from './scheme.js';

type UniformOptions = { low: number; high: number };

/** `uniform(-0.05, 0.05)`: weight matrices U(low, high); the rest as the framework draws it. */
export const uniformInit: InitScheme<UniformOptions> = {
  name: 'uniform',
  summary: 'weight matrices U(low, high); biases and norms as the framework draws them',
  positional: ['low', 'high'],
  schema: {
    type: 'object',
    properties: { low: { type: 'number' }, high: { type: 'number' } },
    required: ['low', 'high'],
    additionalProperties: false,
  },
  initializer: (weight, options) => (weight.role === 'kernel' || weight.role === 'embeddings' ? uniform(options.low, options.high) : undefined),
};
