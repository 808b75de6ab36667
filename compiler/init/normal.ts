import { positiveNumber } from '../settings/variant.js';
import { normal } from './initializers.js';
import type { InitScheme } from './scheme.js';

type NormalOptions = { mean: number; std: number };

/** `normal(0, 0.02)`: weight matrices (kernels, embeddings) N(mean, std); the rest as the framework draws it. */
export const normalInit: InitScheme<NormalOptions> = {
  name: 'normal',
  summary: 'weight matrices N(mean, std); biases and norms as the framework draws them',
  positional: ['mean', 'std'],
  schema: {
    type: 'object',
    properties: { mean: { type: 'number', default: 0 }, std: positiveNumber },
    required: ['std'],
    additionalProperties: false,
  },
  initializer: (weight, options) => (weight.role === 'kernel' || weight.role === 'embeddings' ? normal(options.mean, options.std) : undefined),
};
