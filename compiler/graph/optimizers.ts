import type { GraphBuilder, Tensor } from './builder.js';

/**
 * Optimizer updates over a network's flat trainable vector: one elementwise expression over
 * the flat weights, gradient and moments, so the compiler makes it one kernel per network.
 * Each declares its state as optimizer slots of the network. Semantics are tfjs's
 * (`tf.train.*`), except AdamW, which is PyTorch's.
 */
export interface OptimizerLowering {
  update(b: GraphBuilder, args: { network: string; params: Tensor; grads: Tensor; lr: Tensor }): Tensor;
}

function flatLength(params: Tensor): number {
  return params.shape[0] as number;
}

/** Writes and returns a slot's new value. */
function advance(b: GraphBuilder, slot: string, value: Tensor): Tensor {
  b.write(slot, value);
  return value;
}

/**
 * tf.train.adam: m = m b1 + g (1 - b1), v = v b2 + g² (1 - b2), then
 * p += (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps) * -lr, with eps outside the square
 * root. b1^t and b2^t are state (as tfjs's accBeta1/2: start at b1, b2; multiplied after).
 */
export function adam(options: { beta1: number; beta2: number; epsilon: number }): OptimizerLowering {
  return {
    update(b, { network, params, grads, lr }) {
      const n = flatLength(params);
      const m = b.optimizerSlot(network, 'adam/m', [n], 0);
      const v = b.optimizerSlot(network, 'adam/v', [n], 0);
      const power1 = b.optimizerSlot(network, 'adam/beta1_power', [1], options.beta1);
      const power2 = b.optimizerSlot(network, 'adam/beta2_power', [1], options.beta2);
      const m1 = advance(b, `${network}/adam/m`, b.add(b.mul(m, options.beta1), b.mul(grads, 1 - options.beta1)));
      const v1 = advance(b, `${network}/adam/v`, b.add(b.mul(v, options.beta2), b.mul(b.square(grads), 1 - options.beta2)));
      const mHat = b.div(m1, b.sub(1, power1));
      const vHat = b.div(v1, b.sub(1, power2));
      const step = b.mul(b.div(mHat, b.add(b.sqrt(vHat), options.epsilon)), b.neg(lr));
      b.write(`${network}/adam/beta1_power`, b.mul(power1, options.beta1));
      b.write(`${network}/adam/beta2_power`, b.mul(power2, options.beta2));
      return b.add(step, params);
    },
  };
}

/** tf.train.momentum (or tf.train.sgd at momentum 0): a = m a + g, p += -lr a. */
export function sgd(options: { momentum: number }): OptimizerLowering {
  return {
    update(b, { network, params, grads, lr }) {
      if (options.momentum === 0) return b.add(b.mul(grads, b.neg(lr)), params);
      const a = b.optimizerSlot(network, 'momentum/accumulation', [flatLength(params)], 0);
      const a1 = advance(b, `${network}/momentum/accumulation`, b.add(b.mul(a, options.momentum), grads));
      return b.add(b.mul(a1, b.neg(lr)), params);
    },
  };
}

/** tf.train.rmsprop, not centered: s = s d + g² (1 - d), mom = mom m + lr g / sqrt(s + eps), p -= mom. */
export function rmsprop(options: { decay: number; momentum: number; epsilon: number }): OptimizerLowering {
  return {
    update(b, { network, params, grads, lr }) {
      const n = flatLength(params);
      const s = b.optimizerSlot(network, 'rmsprop/mean_square', [n], 0);
      const mom = b.optimizerSlot(network, 'rmsprop/momentum', [n], 0);
      const s1 = advance(b, `${network}/rmsprop/mean_square`, b.add(b.mul(s, options.decay), b.mul(b.square(grads), 1 - options.decay)));
      const mom1 = advance(b, `${network}/rmsprop/momentum`, b.add(b.mul(mom, options.momentum), b.div(b.mul(grads, lr), b.sqrt(b.add(s1, options.epsilon)))));
      return b.sub(params, mom1);
    },
  };
}

/**
 * PyTorch AdamW: p *= 1 - lr wd, then Adam with bias correction as PyTorch writes it,
 * p -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
 */
export function adamw(options: { beta1: number; beta2: number; epsilon: number; weightDecay: number }): OptimizerLowering {
  return {
    update(b, { network, params, grads, lr }) {
      const n = flatLength(params);
      const m = b.optimizerSlot(network, 'adamw/m', [n], 0);
      const v = b.optimizerSlot(network, 'adamw/v', [n], 0);
      const power1 = b.optimizerSlot(network, 'adamw/beta1_power', [1], options.beta1);
      const power2 = b.optimizerSlot(network, 'adamw/beta2_power', [1], options.beta2);
      const decayed = b.mul(params, b.sub(1, b.mul(lr, options.weightDecay)));
      const m1 = advance(b, `${network}/adamw/m`, b.add(b.mul(m, options.beta1), b.mul(grads, 1 - options.beta1)));
      const v1 = advance(b, `${network}/adamw/v`, b.add(b.mul(v, options.beta2), b.mul(b.square(grads), 1 - options.beta2)));
      const stepSize = b.div(lr, b.sub(1, power1));
      const denominator = b.add(b.div(b.sqrt(v1), b.sqrt(b.sub(1, power2))), options.epsilon);
      b.write(`${network}/adamw/beta1_power`, b.mul(power1, options.beta1));
      b.write(`${network}/adamw/beta2_power`, b.mul(power2, options.beta2));
      return b.sub(decayed, b.mul(stepSize, b.div(m1, denominator)));
    },
  };
}
