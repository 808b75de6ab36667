import type { GraphBuilder, Tensor } from '../builder.js';
import type { CallContext } from './context.js';

export interface BatchNormOptions {
  /** Keras-style: moving = moving * momentum + batch * (1 - momentum). */
  momentum: number;
  epsilon: number;
}

/**
 * tf.layers.batchNormalization over the last axis. Weights in tfjs order: gamma, beta
 * (trainable), moving_mean, moving_variance (state). Training uses the batch's mean and biased
 * variance (tf.moments) and moves the statistics as tfjs does: moving - (moving - batch) *
 * (1 - momentum).
 */
export function batchNorm(b: GraphBuilder, x: Tensor, options: BatchNormOptions, context: CallContext): Tensor {
  const channels = x.shape[x.shape.length - 1] as number;
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const gamma = b.param('gamma', [channels]);
  const beta = b.param('beta', [channels]);
  const movingMean = b.param('moving_mean', [channels], { trainable: false });
  const movingVariance = b.param('moving_variance', [channels], { trainable: false });
  let mean: Tensor;
  let variance: Tensor;
  if (context.training) {
    mean = b.mean(x, axes);
    variance = b.mean(b.square(b.sub(x, mean)), axes);
    const decay = 1 - options.momentum;
    b.assign(movingMean, b.sub(movingMean, b.mul(b.sub(movingMean, mean), decay)));
    b.assign(movingVariance, b.sub(movingVariance, b.mul(b.sub(movingVariance, variance), decay)));
  } else {
    mean = movingMean;
    variance = movingVariance;
  }
  // Per channel first, so the per-element work is one multiply-add.
  const scale = b.mul(gamma, b.rsqrt(b.add(variance, options.epsilon)));
  return b.add(b.mul(b.sub(x, mean), scale), beta);
}

/** tf.layers.layerNormalization over the last axis: gamma, beta. */
export function layerNorm(b: GraphBuilder, x: Tensor, options: { epsilon: number }): Tensor {
  const channels = x.shape[x.shape.length - 1] as number;
  const last = x.shape.length - 1;
  const gamma = b.param('gamma', [channels]);
  const beta = b.param('beta', [channels]);
  const mean = b.mean(x, last, true);
  const variance = b.mean(b.square(b.sub(x, mean)), last, true);
  return b.add(b.mul(b.mul(b.sub(x, mean), b.rsqrt(b.add(variance, options.epsilon))), gamma), beta);
}
