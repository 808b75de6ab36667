import { diagnostic } from '../../diagnostics/make.js';
import { noOptions } from '../settings/variant.js';
import { endsInProbabilities, lastLayerName, type LossKind } from './kind.js';
import { relativisticAverageLoss } from '../graph/losses.js';

/** BCE on logits of how much more real `a` looks than the average of `b`, against `target`. */
const relativeTo = (a: string, b: string, target: 'onesLike' | 'zerosLike') =>
  `tf.losses.sigmoidCrossEntropy(tf.${target}(${a}), tf.sub(${a}, tf.mean(${b})))`;

/**
 * The relativistic average GAN (Jolicoeur-Martineau 2018, RaSGAN): D judges whether a real
 * image looks more real than G's images do on average, and the reverse; G's loss is the same with
 * the targets swapped, so G's step reads D's scores of the real batch too.
 */
export const relativistic: LossKind = {
  name: 'relativistic',
  summary: 'relativistic average loss (RaSGAN): real against the mean fake score, and fake against the mean real score',
  positional: [],
  schema: noOptions,
  scores: () => 'logit',
  check({ discriminator, lossLabels }) {
    if (discriminator === undefined || !endsInProbabilities(discriminator)) return [];
    const last = lastLayerName(discriminator);
    return [
      diagnostic('sigmoidWithLogitsLoss', discriminator.span, `the discriminator \`${discriminator.name}\` ends in \`${last}\`, but the relativistic loss compares raw scores (logits)`, {
        label: 'outputs probabilities',
        labels: lossLabels,
        help: `remove the final \`${last}\``,
      }),
    ];
  },
  tfjs: () => ({
    discriminator: {
      summary: 'binary cross-entropy on logits of D(x) - mean D(G(z)) against 1 and of D(G(z)) - mean D(x) against 0',
      reads: ['realScores', 'fakeScores'],
      statements: [
        `const realLoss: tf.Scalar = ${relativeTo('realScores', 'fakeScores', 'onesLike')};`,
        `const fakeLoss: tf.Scalar = ${relativeTo('fakeScores', 'realScores', 'zerosLike')};`,
        'return tf.add(realLoss, fakeLoss);',
      ],
    },
    generator: {
      summary: 'the same with the targets swapped: G\'s images should look more real than the real batch does',
      reads: ['realScores', 'fakeScores'],
      statements: [
        `const realLoss: tf.Scalar = ${relativeTo('realScores', 'fakeScores', 'zerosLike')};`,
        `const fakeLoss: tf.Scalar = ${relativeTo('fakeScores', 'realScores', 'onesLike')};`,
        'return tf.add(realLoss, fakeLoss);',
      ],
    },
  }),
  graph: () => relativisticAverageLoss,
};
