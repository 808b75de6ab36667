import * as tf from '@tensorflow/tfjs';
import { runRng } from './run-random.js';

/**
 * WGAN-GP's penalty (Gulrajani et al. 2017): the mean over the batch of (‖∇ₓ D(x̂)‖₂ − 1)², at
 * x̂ = ε·real + (1 − ε)·fake with one ε ~ U[0, 1) per example, drawn from the run's seeded
 * generator. The gradient is taken inside the caller's tape, so D's update differentiates
 * through it (a second-order gradient). Conditional critics get `labels` [batch, 1] as their
 * second input.
 */
export function gradientPenalty(
  discriminator: tf.LayersModel,
  real: tf.Tensor4D,
  fake: tf.Tensor4D,
  labels?: tf.Tensor2D,
): tf.Scalar {
  if (!tf.util.arraysEqual(real.shape, fake.shape)) {
    throw new Error(`gradientPenalty: real ${JSON.stringify(real.shape)} and fake ${JSON.stringify(fake.shape)} batches differ in shape`);
  }
  const batch = real.shape[0];
  const rng = runRng();
  const weights = Float32Array.from({ length: batch }, () => rng.next());
  return tf.tidy(() => {
    const epsilon = tf.tensor4d(weights, [batch, 1, 1, 1]);
    const mixed = tf.add(tf.mul(epsilon, real), tf.mul(tf.sub(1, epsilon), fake)) as tf.Tensor4D;
    const totalScore = (x: tf.Tensor) => {
      const scores = discriminator.apply(labels ? [x, labels] : x, { training: true }) as tf.Tensor;
      return tf.sum(scores);
    };
    const gradient = tf.grad(totalScore)(mixed);
    // The tiny constant keeps sqrt's gradient finite where a gradient is exactly zero.
    const norms = tf.sqrt(tf.add(tf.sum(tf.square(gradient), [1, 2, 3]), 1e-12));
    return tf.mean(tf.square(tf.sub(norms, 1))) as tf.Scalar;
  });
}

/** WGAN weight clipping: every trainable weight of `model` into [-bound, bound]. */
export function clipWeights(model: tf.LayersModel, bound: number): void {
  if (!(bound > 0)) throw new Error(`clipWeights: the bound must be positive, got ${bound}`);
  tf.tidy(() => {
    for (const weight of model.trainableWeights) {
      weight.write(tf.clipByValue(weight.read(), -bound, bound));
    }
  });
}
