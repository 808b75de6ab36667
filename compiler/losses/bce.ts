import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { diagnostic } from '../../diagnostics/make.js';
import { endsInProbabilities, lastLayerName, type LossKind } from './kind.js';
import { labelSmoothingSchema, targetDiscriminatorLoss } from './targets.js';

type BceOptions = { from_logits: boolean; g_loss: 'non_saturating' | 'minimax'; label_smoothing: number };

/** The tf.losses function for D's outputs, and how the comments name what it computes. */
function crossEntropy(options: BceOptions): { fn: string; reads: string } {
  return options.from_logits
    ? { fn: 'tf.losses.sigmoidCrossEntropy', reads: 'binary cross-entropy on D\'s logits' }
    : { fn: 'tf.losses.logLoss', reads: 'binary cross-entropy on D\'s probabilities' };
}

export const bce: LossKind<BceOptions> = {
  name: 'bce',
  summary: 'binary cross-entropy (the original GAN loss)',
  positional: [],
  schema: {
    type: 'object',
    properties: {
      from_logits: { type: 'boolean', default: false },
      g_loss: { enum: ['non_saturating', 'minimax'], default: 'non_saturating' },
      label_smoothing: labelSmoothingSchema,
    },
    additionalProperties: false,
  },
  scores: (options) => (options.from_logits ? 'logit' : 'probability'),
  check({ options, discriminator, valueSpan, lossLabels }) {
    if (discriminator === undefined) return [];
    const problems: Diagnostic[] = [];
    const probabilities = endsInProbabilities(discriminator);
    if (options.from_logits && probabilities) {
      const logitsSpan = valueSpan('from_logits');
      problems.push(
        diagnostic(
          'sigmoidWithLogitsLoss',
          discriminator.span,
          `the discriminator \`${discriminator.name}\` ends in \`${lastLayerName(discriminator)}\`, but the loss expects logits (\`from_logits = true\`)`,
          {
            label: 'outputs probabilities',
            labels: logitsSpan === undefined ? lossLabels : [{ span: logitsSpan, message: 'the loss applies sigmoid itself' }],
            help: `remove the final \`${lastLayerName(discriminator)}\`, or set \`from_logits = false\``,
          },
        ),
      );
    } else if (!options.from_logits && !probabilities) {
      problems.push(
        diagnostic('logitsWithProbabilityLoss', discriminator.span, `the discriminator \`${discriminator.name}\` outputs logits, but \`bce\` expects probabilities in [0, 1]`, {
          label: 'outputs unbounded scores',
          labels: lossLabels,
          help: 'add `sigmoid` as the last layer, or write `loss bce(from_logits = true)`',
        }),
      );
    }
    return problems;
  },
  tfjs(options) {
    const { fn, reads } = crossEntropy(options);
    const discriminator = {
      summary: `${reads}, real images against target 1 and fakes against 0, summed`,
      reads: ['realScores', 'fakeScores'] as const,
      statements: targetDiscriminatorLoss(fn, options.label_smoothing),
    };
    if (options.g_loss === 'minimax') {
      return {
        discriminator,
        generator: {
          summary: `minimax: G minimizes log(1 - D(G(z))), the negative of D's ${reads} on fakes`,
          reads: ['fakeScores'],
          statements: [`const fakeLoss: tf.Scalar = ${fn}(tf.zerosLike(fakeScores), fakeScores);`, 'return tf.neg(fakeLoss);'],
        },
      };
    }
    return {
      discriminator,
      generator: {
        summary: `non-saturating: ${reads}, fakes against the real target 1`,
        reads: ['fakeScores'],
        statements: [`return ${fn}(tf.onesLike(fakeScores), fakeScores);`],
      },
    };
  },
};
