import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { diagnostic } from '../../diagnostics/make.js';
import type { Framework } from '../frameworks.js';
import { endsInProbabilities, lastLayerName, type HelperFunction, type LossKind } from './kind.js';
import { labelSmoothingSchema, targetDiscriminatorLoss } from './targets.js';
import { targetLoss } from '../graph/losses.js';

type BceOptions = { from_logits: boolean; g_loss: 'non_saturating' | 'minimax'; label_smoothing: number };

/**
 * Binary cross-entropy on probabilities as each framework computes it: they guard the logs
 * differently, which shows where D is sure (tf.losses.logLoss's third way, adding 1e-7 inside
 * the logs, differs from both by 0.1% in the gradient at p = 1e-4).
 */
const probabilityCrossEntropy: Record<Framework, HelperFunction> = {
  pytorch: {
    name: 'binaryCrossEntropy',
    doc:
      'PyTorch\'s BCELoss: the mean of -(t log p + (1 - t) log(1 - p)), each log clamped at -100, with PyTorch\'s own\n' +
      'gradient, (p - t) / max(p (1 - p), 1e-12) per value, which stays finite where p reaches 0 or 1 (the clamped logs\' would not).',
    parameters: [
      { name: 'targets', type: 'tf.Tensor' },
      { name: 'probabilities', type: 'tf.Tensor' },
    ],
    returnType: 'tf.Scalar',
    statements: [
      '// tf.customGrad passes its inputs and a save function untyped.',
      'const loss = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {',
      '  const [p, t, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];',
      '  save([p, t]);',
      '  const logP = tf.maximum(tf.log(p), -100);',
      '  const logNotP = tf.maximum(tf.log(tf.sub(1, p)), -100);',
      '  const meanLogLikelihood: tf.Scalar = tf.mean(tf.add(tf.mul(t, logP), tf.mul(tf.sub(1, t), logNotP)));',
      '  const gradFunc = (dy: tf.Tensor, [p, t]: tf.Tensor[]) => {',
      '    const perValue = tf.div(tf.sub(p, t), tf.maximum(tf.mul(p, tf.sub(1, p)), 1e-12));',
      '    // The targets are constants: no gradient flows to them.',
      '    return [tf.mul(dy, tf.div(perValue, p.size)), tf.zerosLike(t)];',
      '  };',
      '  return { value: tf.neg(meanLogLikelihood), gradFunc };',
      '});',
      'return loss(probabilities, targets) as tf.Scalar;',
    ],
  },
  keras: {
    name: 'binaryCrossEntropy',
    doc: 'Keras\'s binary_crossentropy: probabilities clipped to [1e-7, 1 - 1e-7], then -(t log(p + 1e-7) + (1 - t) log(1 - p + 1e-7)), averaged.',
    parameters: [
      { name: 'targets', type: 'tf.Tensor' },
      { name: 'probabilities', type: 'tf.Tensor' },
    ],
    returnType: 'tf.Scalar',
    statements: [
      'const p = tf.clipByValue(probabilities, 1e-7, 1 - 1e-7);',
      'const logP = tf.log(tf.add(p, 1e-7));',
      'const logNotP = tf.log(tf.add(tf.sub(1, p), 1e-7));',
      'const meanLogLikelihood: tf.Scalar = tf.mean(tf.add(tf.mul(targets, logP), tf.mul(tf.sub(1, targets), logNotP)));',
      'return tf.neg(meanLogLikelihood);',
    ],
  },
};

/** The loss function for D's outputs, how the comments name what it computes, and the helper it needs. */
function crossEntropy(options: BceOptions, framework: Framework): { fn: string; reads: string; helper?: HelperFunction } {
  if (options.from_logits) return { fn: 'tf.losses.sigmoidCrossEntropy', reads: 'binary cross-entropy on D\'s logits' };
  const helper = probabilityCrossEntropy[framework];
  return { fn: helper.name, reads: `binary cross-entropy on D's probabilities (${framework === 'pytorch' ? 'PyTorch\'s BCELoss' : 'Keras\'s'})`, helper };
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
  tfjs(options, framework) {
    const { fn, reads, helper } = crossEntropy(options, framework);
    const helpers = helper === undefined ? [] : [helper];
    const discriminator = {
      summary: `${reads}, real images against target 1 and fakes against 0, summed`,
      reads: ['realScores', 'fakeScores'] as const,
      statements: targetDiscriminatorLoss(fn, options.label_smoothing),
    };
    if (options.g_loss === 'minimax') {
      return {
        helpers,
        discriminator,
        generator: {
          summary: `minimax: G minimizes log(1 - D(G(z))), the negative of D's ${reads} on fakes`,
          reads: ['fakeScores'],
          statements: [`const fakeLoss: tf.Scalar = ${fn}(tf.zerosLike(fakeScores), fakeScores);`, 'return tf.neg(fakeLoss);'],
        },
      };
    }
    return {
      helpers,
      discriminator,
      generator: {
        summary: `non-saturating: ${reads}, fakes against the real target 1`,
        reads: ['fakeScores'],
        statements: [`return ${fn}(tf.onesLike(fakeScores), fakeScores);`],
      },
    };
  },
  graph: (options, framework) =>
    targetLoss({ kind: 'bce', fromLogits: options.from_logits, crossEntropy: framework, generatorLoss: options.g_loss, labelSmoothing: options.label_smoothing }),
};
