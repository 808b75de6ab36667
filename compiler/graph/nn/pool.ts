import type { GraphBuilder, Tensor } from '../builder.js';
import { GraphLoweringError } from './context.js';

/**
 * tf.layers.averagePooling2d with non-overlapping windows (stride = size, `valid`): the rows
 * and columns past the last whole window dropped, each window a reshape and a mean. The IR has
 * no windowed reduction, so overlapping windows or `same` padding cannot be compiled yet.
 */
export function averagePool(b: GraphBuilder, x: Tensor, options: { size: number; stride: number; padding: 'valid' | 'same' }): Tensor {
  if (options.stride !== options.size || options.padding !== 'valid') {
    throw new GraphLoweringError(
      `avg_pool2d compiles only with stride = size and padding = valid (got size ${options.size}, stride ${options.stride}, padding ${options.padding})`,
    );
  }
  const s = options.size;
  const [n, h, w, c] = x.shape as [Tensor['shape'][0], number, number, number];
  const rows = Math.floor(h / s);
  const cols = Math.floor(w / s);
  const whole = rows * s === h && cols * s === w ? x : b.slice(x, [0, 0, 0, 0], [n, rows * s, cols * s, c]);
  return b.mean(b.reshape(whole, [n, rows, s, cols, s, c]), [2, 4]);
}
