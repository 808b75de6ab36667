import * as tf from '@tensorflow/tfjs';

/**
 * The value of `x` with no gradient flowing back through it (TF.js has no stop_gradient op).
 * The zero gradient is itself differentiable, so higher-order gradients (gradient penalty)
 * pass through too.
 */
const identityWithoutGradient = (x: tf.Tensor) => ({
  value: x.clone(),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
});

export const stopGradient = tf.customGrad(
  identityWithoutGradient as unknown as Parameters<typeof tf.customGrad>[0],
) as <T extends tf.Tensor>(x: T) => T;
