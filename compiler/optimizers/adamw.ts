import { numberLiteral as n } from '../lowering/literal.js';
import { positiveNumber, unitInterval } from '../settings/variant.js';
import { optimizerSchema } from './common.js';
import type { OptimizerKind, OptimizerOptions } from './kind.js';
import { adamw as adamwGraph } from '../graph/optimizers.js';

type AdamWOptions = OptimizerOptions & { betas: [number, number]; eps: number; weight_decay: number };

/**
 * AdamW (Loshchilov & Hutter, as PyTorch's torch.optim.AdamW): Adam with the weight decay
 * taken out of the gradient and applied to the weights directly. TensorFlow.js has no AdamW,
 * so the trainer writes its update rule out for the runtime's elementwise optimizer.
 */
export const adamw: OptimizerKind<AdamWOptions> = {
  name: 'adamw',
  summary: 'AdamW: Adam with decoupled weight decay (PyTorch\'s defaults)',
  positional: [],
  schema: optimizerSchema({
    betas: { type: 'array', items: unitInterval, minItems: 2, maxItems: 2, default: [0.9, 0.999] },
    eps: { ...positiveNumber, default: 1e-8 },
    weight_decay: { type: 'number', minimum: 0, default: 0.01 },
  }),
  // Keras's AdamW: epsilon 1e-7, weight decay 0.004 (PyTorch's: 1e-8 and 0.01).
  frameworkDefaults: { keras: { eps: 1e-7, weight_decay: 0.004 } },
  tfjs: (o) => {
    const [b1, b2] = o.betas;
    return [
      'gan.elementwiseOptimizer({',
      "  name: 'AdamW',",
      `  learningRate: ${n(o.lr)},`,
      "  slots: ['m', 'v'],",
      '  // AdamW: decay the weights by lr * weight_decay, then take Adam\'s bias-corrected step.',
      '  update: ({ value, gradient, slots, step, learningRate }) => {',
      `    const m = tf.add(tf.mul(slots.m, ${n(b1)}), tf.mul(gradient, 1 - ${n(b1)}));`,
      `    const v = tf.add(tf.mul(slots.v, ${n(b2)}), tf.mul(tf.square(gradient), 1 - ${n(b2)}));`,
      `    const mHat = tf.div(m, 1 - ${n(b1)} ** step);`,
      `    const vHat = tf.div(v, 1 - ${n(b2)} ** step);`,
      `    const decayed = tf.mul(value, 1 - learningRate * ${n(o.weight_decay)});`,
      `    const adamStep = tf.div(mHat, tf.add(tf.sqrt(vHat), ${n(o.eps)}));`,
      '    return { value: tf.sub(decayed, tf.mul(adamStep, learningRate)), slots: { m, v } };',
      '  },',
      '})',
    ].join('\n');
  },
  graph: (o) => adamwGraph({ beta1: o.betas[0], beta2: o.betas[1], epsilon: o.eps, weightDecay: o.weight_decay }),
};
