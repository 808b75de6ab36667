import { StructureKind, type FunctionDeclarationStructure } from 'ts-morph';
import type { LossIR } from '../ir.js';
import type { EmitContext } from './context.js';
import { numberLiteral } from './literal.js';

/**
 * `discriminatorLoss(realScores, fakeScores)` and `generatorLoss(fakeScores)`, written as plain
 * tf ops. Wasserstein's gradient penalty and weight clipping belong to D's step, not here.
 */
export function lossFunctions(context: EmitContext): FunctionDeclarationStructure[] {
  const loss = context.ir.loss;
  const cite = context.cite(loss.origin);
  const d = discriminatorLoss(loss);
  const g = generatorLoss(loss);
  return [
    {
      kind: StructureKind.Function,
      name: 'discriminatorLoss',
      docs: [`D's loss: ${d.summary}.\nFrom ${cite}`],
      parameters: [
        { name: 'realScores', type: 'tf.Tensor' },
        { name: 'fakeScores', type: 'tf.Tensor' },
      ],
      returnType: 'tf.Scalar',
      statements: d.statements,
    },
    {
      kind: StructureKind.Function,
      name: 'generatorLoss',
      docs: [`G's loss: ${g.summary}.\nFrom ${cite}`],
      parameters: [{ name: 'fakeScores', type: 'tf.Tensor' }],
      returnType: 'tf.Scalar',
      statements: g.statements,
    },
  ];
}

interface LossBody {
  summary: string;
  statements: string[];
}

/** The tf.losses function of a target-based loss, and how its D output reads. */
function targetLoss(loss: LossIR): { fn: string; reads: string } {
  if (loss.kind === 'least_squares') return { fn: 'tf.losses.meanSquaredError', reads: 'squared error of D\'s scores' };
  return loss.fromLogits
    ? { fn: 'tf.losses.sigmoidCrossEntropy', reads: 'binary cross-entropy on D\'s logits' }
    : { fn: 'tf.losses.logLoss', reads: 'binary cross-entropy on D\'s probabilities' };
}

/** The real images' target: 1, or 1 - s with one-sided label smoothing. */
function realTarget(loss: LossIR): string[] {
  if (loss.labelSmoothing === 0) return ['const realTarget = tf.onesLike(realScores);'];
  const s = numberLiteral(loss.labelSmoothing);
  return [
    `// One-sided label smoothing (label_smoothing = ${s}): real images aim at 1 - ${s}, fakes still at 0.`,
    `const realTarget = tf.fill(realScores.shape, 1 - ${s});`,
  ];
}

function discriminatorLoss(loss: LossIR): LossBody {
  switch (loss.kind) {
    case 'bce':
    case 'least_squares': {
      const { fn, reads } = targetLoss(loss);
      return {
        summary: `${reads}, real images against target 1 and fakes against 0, summed`,
        statements: [
          ...realTarget(loss),
          `const realLoss: tf.Scalar = ${fn}(realTarget, realScores);`,
          `const fakeLoss: tf.Scalar = ${fn}(tf.zerosLike(fakeScores), fakeScores);`,
          'return tf.add(realLoss, fakeLoss);',
        ],
      };
    }
    case 'wasserstein':
      return {
        summary: 'the critic scores real images high and fakes low, mean D(G(z)) - mean D(x)',
        statements: [
          'const realScore: tf.Scalar = tf.mean(realScores);',
          'const fakeScore: tf.Scalar = tf.mean(fakeScores);',
          'return tf.sub(fakeScore, realScore);',
        ],
      };
    case 'hinge':
      return {
        summary: 'hinge, mean relu(1 - D(x)) + mean relu(1 + D(G(z)))',
        statements: [
          'const realLoss: tf.Scalar = tf.mean(tf.relu(tf.sub(1, realScores)));',
          'const fakeLoss: tf.Scalar = tf.mean(tf.relu(tf.add(1, fakeScores)));',
          'return tf.add(realLoss, fakeLoss);',
        ],
      };
  }
}

function generatorLoss(loss: LossIR): LossBody {
  switch (loss.kind) {
    case 'bce':
    case 'least_squares': {
      const { fn, reads } = targetLoss(loss);
      if (loss.kind === 'bce' && loss.generatorLoss === 'minimax') {
        return {
          summary: `minimax: G minimizes log(1 - D(G(z))), the negative of D's ${reads} on fakes`,
          statements: [`const fakeLoss: tf.Scalar = ${fn}(tf.zerosLike(fakeScores), fakeScores);`, 'return tf.neg(fakeLoss);'],
        };
      }
      return {
        summary: `${loss.kind === 'bce' ? 'non-saturating: ' : ''}${reads}, fakes against the real target 1`,
        statements: [`return ${fn}(tf.onesLike(fakeScores), fakeScores);`],
      };
    }
    case 'wasserstein':
    case 'hinge':
      return {
        summary: 'G raises the critic\'s score of its images, -mean D(G(z))',
        statements: ['const fakeScore: tf.Scalar = tf.mean(fakeScores);', 'return tf.neg(fakeScore);'],
      };
  }
}
