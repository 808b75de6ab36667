import * as tf from '@tensorflow/tfjs';

/**
 * Tile's gradient as a reshape and a sum per repeated axis. tfjs 4.22's own adds up one slice
 * of dy per repetition: a [batch, 1, 1, 1] factor broadcast over 28x28 images (as `broadcastTo`, which
 * runs the Tile kernel) costs 784 slices and adds per gradient, and a Wasserstein gradient
 * penalty spent over 90% of its step there (about 100,000 kernels per WGAN-GP step).
 * dy's axis k of length reps[k] * x.shape[k] is viewed as [reps[k], x.shape[k]], repetition
 * outermost as Tile lays it out, and the repetition axis is summed away, one axis at a time so
 * that no tensor has more than 4 dimensions (XNNPACK, under the wasm backend, takes at most 6).
 */
export function tileGradient(dy: tf.Tensor, xShape: readonly number[], reps: readonly number[]): tf.Tensor {
  let gradient = dy;
  const shape = [...dy.shape];
  xShape.forEach((size, axis) => {
    if (reps[axis] === 1) return;
    const before = shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const after = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    gradient = tf.sum(tf.reshape(gradient, [before, reps[axis], size, after]), 1);
    shape[axis] = size;
  });
  return tf.reshape(gradient, [...xShape]);
}

export function registerTileGradient(): void {
  tf.registerGradient({
    kernelName: tf.Tile,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const { reps } = attrs as unknown as tf.TileAttrs;
      return { x: () => tileGradient(dy as tf.Tensor, x.shape, reps) };
    },
  });
}
