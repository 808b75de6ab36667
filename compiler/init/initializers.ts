import { code, numberLiteral as n, type Code } from '../lowering/literal.js';
import type { WeightRole } from './scheme.js';

/** The TensorFlow.js initializers the schemes are made of, as the generated layers call them. */

export const zeros = code('tf.initializers.zeros()');
export const ones = code('tf.initializers.ones()');

export function uniform(low: number, high: number): Code {
  return code(`tf.initializers.randomUniform({ minval: ${n(low)}, maxval: ${n(high)} })`);
}

/** U(±1/sqrt(fanIn)), written as the formula so a reader sees PyTorch's bound. */
export function uniformByFanIn(fanIn: number): Code {
  const bound = `1 / Math.sqrt(${n(fanIn)})`;
  return code(`tf.initializers.randomUniform({ minval: -${bound}, maxval: ${bound} })`);
}

export function normal(mean: number, stddev: number): Code {
  return code(`tf.initializers.randomNormal({ mean: ${n(mean)}, stddev: ${n(stddev)} })`);
}

export const glorotUniform = code('tf.initializers.glorotUniform({})');
export const heUniform = code('tf.initializers.heUniform({})');

/**
 * What a tfjs layer draws each weight with when its config names no initializer. Not quite
 * Keras's: tfjs's dense and conv kernels default to Glorot *normal* (truncated), Keras's to
 * Glorot uniform.
 */
const tfjsDefaults: Record<WeightRole, Code> = {
  kernel: code('tf.initializers.glorotNormal({})'),
  bias: zeros,
  gamma: ones,
  beta: zeros,
  embeddings: uniform(-0.05, 0.05),
};

/** True when tfjs would draw the weight this way anyway, so the config can leave it out. */
export function isTfjsDefault(role: WeightRole, initializer: Code): boolean {
  return tfjsDefaults[role].code === initializer.code;
}
