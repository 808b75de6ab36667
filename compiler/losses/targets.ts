import { numberLiteral } from '../lowering/literal.js';
import { unitInterval } from '../settings/variant.js';

/**
 * What the target-based losses (binary cross-entropy, least squares) share: D's scores of real
 * images against 1 (less one-sided label smoothing) and of G's images against 0.
 */

/** The statements that define `realTarget`. */
export function realTarget(labelSmoothing: number): string[] {
  if (labelSmoothing === 0) return ['const realTarget = tf.onesLike(realScores);'];
  const s = numberLiteral(labelSmoothing);
  return [
    `// One-sided label smoothing (label_smoothing = ${s}): real images aim at 1 - ${s}, fakes still at 0.`,
    `const realTarget = tf.fill(realScores.shape, 1 - ${s});`,
  ];
}

/** D's loss with tf.losses function `fn`: real against the target, fakes against 0, summed. */
export function targetDiscriminatorLoss(fn: string, labelSmoothing: number): string[] {
  return [
    ...realTarget(labelSmoothing),
    `const realLoss: tf.Scalar = ${fn}(realTarget, realScores);`,
    `const fakeLoss: tf.Scalar = ${fn}(tf.zerosLike(fakeScores), fakeScores);`,
    'return tf.add(realLoss, fakeLoss);',
  ];
}

export const labelSmoothingSchema = { ...unitInterval, default: 0 } as const;
