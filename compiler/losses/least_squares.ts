import type { LossKind } from './kind.js';
import { labelSmoothingSchema, targetDiscriminatorLoss } from './targets.js';
import { targetLoss } from '../graph/losses.js';

type LeastSquaresOptions = { label_smoothing: number };

export const leastSquares: LossKind<LeastSquaresOptions> = {
  name: 'least_squares',
  summary: 'least-squares GAN (mean squared error on the scores)',
  positional: [],
  schema: { type: 'object', properties: { label_smoothing: labelSmoothingSchema }, additionalProperties: false },
  // Targets 0 and 1 work for probabilities and raw scores alike; a sigmoid D reads as probabilities.
  scores: () => 'probability',
  check: () => [],
  tfjs: (options) => ({
    discriminator: {
      summary: 'squared error of D\'s scores, real images against target 1 and fakes against 0, summed',
      reads: ['realScores', 'fakeScores'],
      statements: targetDiscriminatorLoss('tf.losses.meanSquaredError', options.label_smoothing),
    },
    generator: {
      summary: 'squared error of D\'s scores, fakes against the real target 1',
      reads: ['fakeScores'],
      statements: ['return tf.losses.meanSquaredError(tf.onesLike(fakeScores), fakeScores);'],
    },
  }),
  graph: (options) => targetLoss({ kind: 'least_squares', labelSmoothing: options.label_smoothing }),
};
