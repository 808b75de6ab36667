import type { GraphBuilder, Tensor } from '../builder.js';

/** tf.layers.flatten: [B, ...] -> [B, n]. */
export function flatten(b: GraphBuilder, x: Tensor): Tensor {
  return b.reshape(x, [x.shape[0], -1]);
}

/** Nearest-neighbour upsampling [B, h, w, c] -> [B, h*s, w*s, c], as a broadcast between reshapes. */
export function upsample(b: GraphBuilder, x: Tensor, scale: number): Tensor {
  const [n, h, w, c] = x.shape as [Tensor['shape'][0], number, number, number];
  const spread = b.broadcastTo(b.reshape(x, [n, h, 1, w, 1, c]), [n, h, scale, w, scale, c]);
  return b.reshape(spread, [n, h * scale, w * scale, c]);
}
