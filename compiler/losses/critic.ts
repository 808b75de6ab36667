import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { diagnostic } from '../../diagnostics/make.js';
import { endsInProbabilities, lastLayerName, type LossCheckContext, type LossCode } from './kind.js';

/** What the critic losses (Wasserstein, hinge) share: unbounded scores, and G's -mean D(G(z)). */

/** A critic that ends in a squashing activation cannot give the unbounded scores these losses need. */
export function checkUnboundedCritic(loss: string, { discriminator, lossLabels }: LossCheckContext<unknown>): Diagnostic[] {
  if (discriminator === undefined || !endsInProbabilities(discriminator)) return [];
  const last = lastLayerName(discriminator);
  return [
    diagnostic('sigmoidCritic', discriminator.span, `the critic \`${discriminator.name}\` ends in \`${last}\`, but a ${loss} loss needs unbounded scores`, {
      label: 'squashes scores into (0, 1)',
      labels: lossLabels,
      help: `remove the final \`${last}\``,
    }),
  ];
}

export const criticGeneratorLoss: LossCode = {
  summary: 'G raises the critic\'s score of its images, -mean D(G(z))',
  reads: ['fakeScores'],
  statements: ['const fakeScore: tf.Scalar = tf.mean(fakeScores);', 'return tf.neg(fakeScore);'],
};
