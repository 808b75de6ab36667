import { noOptions } from '../settings/variant.js';
import { normal, ones, uniformByFanIn, zeros } from './initializers.js';
import type { InitScheme } from './scheme.js';

/**
 * PyTorch's defaults: Linear and Conv weights by kaiming_uniform_(a = sqrt(5)), which is
 * U(±1/sqrt(fan_in)), their biases U(±1/sqrt(fan_in)) too; batch and layer norm at 1 and 0;
 * Embedding N(0, 1).
 */
export const pytorchInit: InitScheme = {
  name: 'pytorch',
  summary: 'PyTorch\'s defaults: weights and biases U(±1/sqrt(fan_in)), norms 1 and 0, embeddings N(0, 1)',
  positional: [],
  schema: noOptions,
  initializer(weight) {
    switch (weight.role) {
      case 'kernel':
      case 'bias':
        return uniformByFanIn(weight.fanIn);
      case 'gamma':
        return ones;
      case 'beta':
        return zeros;
      case 'embeddings':
        return normal(0, 1);
    }
  },
};
