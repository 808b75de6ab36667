import { noOptions } from '../settings/variant.js';
import { normal, zeros } from './initializers.js';
import type { InitScheme } from './scheme.js';

/**
 * The DCGAN paper's, as PyTorch's DCGAN tutorial writes `weights_init`: convolution weights
 * N(0, 0.02); batch norm's scale N(1, 0.02) and shift 0. It touches nothing else: dense layers and
 * biases keep the framework's defaults.
 */
export const dcganInit: InitScheme = {
  name: 'dcgan',
  summary: 'the DCGAN tutorial\'s: conv weights N(0, 0.02), batch norm scale N(1, 0.02) and shift 0, the rest as the framework draws it',
  positional: [],
  schema: noOptions,
  initializer(weight) {
    const convolution = weight.layer === 'conv2d' || weight.layer === 'conv2d_transpose';
    if (weight.role === 'kernel' && convolution) return normal(0, 0.02);
    if (weight.layer !== 'batch_norm') return undefined;
    if (weight.role === 'gamma') return normal(1, 0.02);
    if (weight.role === 'beta') return zeros;
    return undefined;
  },
};
