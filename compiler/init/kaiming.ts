import { noOptions } from '../settings/variant.js';
import { heUniform } from './initializers.js';
import type { InitScheme } from './scheme.js';

export const kaimingInit: InitScheme = {
  name: 'kaiming',
  summary: 'kernels Kaiming (He) uniform for ReLU, U(±sqrt(6 / fan_in)); the rest as the framework draws it',
  positional: [],
  schema: noOptions,
  initializer: (weight) => (weight.role === 'kernel' ? heUniform : undefined),
};
