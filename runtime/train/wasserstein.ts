import * as tf from '@tensorflow/tfjs';

/**
 * WGAN-GP's penalty (Gulrajani et al. 2017): the mean over the batch of (‖∇ₓ D(x̂)‖₂ − 1)², at
 * x̂ = ε·real + (1 − ε)·fake with one ε per example (`mix`, [batch, 1, 1, 1], drawn by the step
 * by the step from Philox). The gradient is taken inside the caller's tape, so D's update
 * differentiates through it (a second-order gradient). `critic` scores images in training mode,
 * with the batch's labels when it is conditional.
 */
export function gradientPenalty(critic: (images: tf.Tensor) => tf.Tensor, real: tf.Tensor4D, fake: tf.Tensor, mix: tf.Tensor): tf.Scalar {
  if (!tf.util.arraysEqual(real.shape, fake.shape)) {
    throw new Error(`gradientPenalty: real ${JSON.stringify(real.shape)} and fake ${JSON.stringify(fake.shape)} batches differ in shape`);
  }
  if (!tf.util.arraysEqual(mix.shape, [real.shape[0], 1, 1, 1])) {
    throw new Error(`gradientPenalty: mix must be [${real.shape[0]}, 1, 1, 1], one weight per example, got ${JSON.stringify(mix.shape)}`);
  }
  return tf.tidy(() => {
    const mixed = tf.add(tf.mul(mix, real), tf.mul(tf.sub(1, mix), fake));
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(critic(x)))(mixed);
    // The tiny constant keeps sqrt's gradient finite where a gradient is exactly zero.
    const norms = tf.sqrt(tf.add(tf.sum(tf.square(gradient), [1, 2, 3]), 1e-12));
    return tf.mean(tf.square(tf.sub(norms, 1))) as tf.Scalar;
  });
}

/** WGAN weight clipping: every one of `weights` into [-bound, bound]. */
export function clipWeights(weights: readonly tf.Variable[], bound: number): void {
  if (!(bound > 0)) throw new Error(`clipWeights: the bound must be positive, got ${bound}`);
  tf.tidy(() => {
    for (const weight of weights) weight.assign(tf.clipByValue(weight, -bound, bound));
  });
}
