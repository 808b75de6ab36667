import { noOptions } from '../settings/variant.js';
import { checkUnboundedCritic, criticGeneratorLoss } from './critic.js';
import type { LossKind } from './kind.js';
import { hingeLoss } from '../graph/losses.js';

export const hinge: LossKind = {
  name: 'hinge',
  summary: 'hinge loss on the critic\'s scores',
  positional: [],
  schema: noOptions,
  scores: () => 'critic',
  check: (context) => checkUnboundedCritic('hinge', context),
  tfjs: () => ({
    discriminator: {
      summary: 'hinge, mean relu(1 - D(x)) + mean relu(1 + D(G(z)))',
      reads: ['realScores', 'fakeScores'],
      statements: [
        'const realLoss: tf.Scalar = tf.mean(tf.relu(tf.sub(1, realScores)));',
        'const fakeLoss: tf.Scalar = tf.mean(tf.relu(tf.add(1, fakeScores)));',
        'return tf.add(realLoss, fakeLoss);',
      ],
    },
    generator: criticGeneratorLoss,
  }),
  graph: () => hingeLoss,
};
