import type { GraphBuilder, Tensor } from '../builder.js';
import { convPads } from './conv.js';

/**
 * tf.layers.averagePooling2d: `valid` drops the rows and columns past the last whole window;
 * `same` pads as a convolution does, and a border window averages only its elements inside the
 * image (tf.avgPool), which the IR's avgPool does by construction.
 */
export function averagePool(b: GraphBuilder, x: Tensor, options: { size: number; stride: number; padding: 'valid' | 'same' }): Tensor {
  const { size, stride, padding } = options;
  const [, h, w] = x.shape as [unknown, number, number];
  const [pt, pb] = convPads(h, size, stride, padding);
  const [pl, pr] = convPads(w, size, stride, padding);
  return b.avgPool(x, { window: size, strides: stride, pads: [pt, pb, pl, pr] });
}
