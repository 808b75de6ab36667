import { noOptions } from '../settings/variant.js';
import { glorotUniform } from './initializers.js';
import type { InitScheme } from './scheme.js';

export const glorotInit: InitScheme = {
  name: 'glorot',
  summary: 'kernels Glorot-uniform, U(±sqrt(6 / (fan_in + fan_out))); the rest as the framework draws it',
  positional: [],
  schema: noOptions,
  initializer: (weight) => (weight.role === 'kernel' ? glorotUniform : undefined),
};
