import { noOptions } from '../settings/variant.js';
import { glorotUniform, ones, uniform, zeros } from './initializers.js';
import type { InitScheme } from './scheme.js';

/** Keras's defaults: Glorot-uniform kernels, zero biases, norms at 1 and 0, embeddings U(±0.05). */
export const kerasInit: InitScheme = {
  name: 'keras',
  summary: 'Keras\'s defaults: Glorot-uniform kernels, zero biases, norms 1 and 0, embeddings U(±0.05)',
  positional: [],
  schema: noOptions,
  initializer(weight) {
    switch (weight.role) {
      case 'kernel':
        return glorotUniform;
      case 'bias':
      case 'beta':
        return zeros;
      case 'gamma':
        return ones;
      case 'embeddings':
        return uniform(-0.05, 0.05);
    }
  },
};
