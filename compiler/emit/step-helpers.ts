import { StructureKind, type FunctionDeclarationStructure, type InterfaceDeclarationStructure } from 'ts-morph';
import type { EmitContext } from './context.js';
import { numberLiteral } from './literal.js';
import { scoreReading } from './scores.js';

/**
 * The small helpers the training step reads through: running G and D in training mode, the label
 * input of conditional models, what each step hands to the metrics, and the metrics themselves.
 */

/** True when either network takes class labels, so the steps carry a `labels` tensor. */
export function usesLabels(context: EmitContext): boolean {
  return context.ir.generator.conditional || context.ir.discriminator.conditional;
}

/** `generate(networks, z, labels)` / `discriminate(networks, images, labels)` argument lists. */
export function generateCall(z: string, context: EmitContext): string {
  return `generate(networks, ${z}${context.ir.generator.conditional ? ', labels' : ''})`;
}

export function discriminateCall(images: string, context: EmitContext): string {
  return `discriminate(networks, ${images}${context.ir.discriminator.conditional ? ', labels' : ''})`;
}

export function runHelpers(context: EmitContext): FunctionDeclarationStructure[] {
  const { generator, discriminator } = context.ir;
  const helpers: FunctionDeclarationStructure[] = [
    {
      kind: StructureKind.Function,
      name: 'generate',
      docs: ['G\'s images, in training mode (batch norm on batch statistics, dropout on), as PyTorch\'s `train()`.'],
      parameters: [
        { name: 'networks', type: 'gan.Networks' },
        { name: 'z', type: 'tf.Tensor2D' },
        ...(generator.conditional ? [{ name: 'labels', type: 'tf.Tensor2D' }] : []),
      ],
      returnType: 'tf.Tensor4D',
      statements: [`return networks.generator.apply(${generator.conditional ? '[z, labels]' : 'z'}, { training: true }) as tf.Tensor4D;`],
    },
    {
      kind: StructureKind.Function,
      name: 'discriminate',
      docs: ['D\'s scores of a batch of images, in training mode.'],
      parameters: [
        { name: 'networks', type: 'gan.Networks' },
        { name: 'images', type: 'tf.Tensor4D' },
        ...(discriminator.conditional ? [{ name: 'labels', type: 'tf.Tensor2D' }] : []),
      ],
      returnType: 'tf.Tensor',
      statements: [
        `return networks.discriminator.apply(${discriminator.conditional ? '[images, labels]' : 'images'}, { training: true }) as tf.Tensor;`,
      ],
    },
  ];
  if (usesLabels(context)) {
    helpers.push({
      kind: StructureKind.Function,
      name: 'labelInput',
      docs: ['Class labels [batch] as the models\' label input [batch, 1].'],
      parameters: [{ name: 'labels', type: 'tf.Tensor1D | undefined' }],
      returnType: 'tf.Tensor2D',
      statements: [
        'if (!labels) throw new Error(\'this spec is conditional, but a data batch came without class labels\');',
        'return tf.expandDims(labels, 1);',
      ],
    });
  }
  return helpers;
}

/** What each step leaves for the metrics. */
export function stepResultTypes(): InterfaceDeclarationStructure[] {
  return [
    {
      kind: StructureKind.Interface,
      name: 'DiscriminatorStep',
      docs: ['What D\'s step leaves for the metrics. The scores are kept past the step\'s scope: the caller disposes them.'],
      properties: [
        { name: 'loss', type: 'tf.Scalar' },
        { name: 'realScores', type: 'tf.Tensor' },
        { name: 'fakeScores', type: 'tf.Tensor' },
        { name: 'batchSize', type: 'number' },
      ],
    },
    {
      kind: StructureKind.Interface,
      name: 'GeneratorStep',
      docs: ['What G\'s step leaves for the metrics: D\'s scores of the same fakes before G\'s update (kept) and after it.'],
      properties: [
        { name: 'loss', type: 'tf.Scalar' },
        { name: 'fakeScoresBefore', type: 'tf.Tensor' },
        { name: 'fakeScoresAfter', type: 'tf.Tensor' },
      ],
    },
  ];
}

const readings = {
  probability: { read: (t: string) => t, threshold: 0.5, says: 'probabilities (D calls an image real above 0.5)' },
  logit: { read: (t: string) => `tf.sigmoid(${t})`, threshold: 0.5, says: 'logits, read as sigmoid(logit) (D calls an image real above 0.5)' },
  critic: { read: (t: string) => t, threshold: 0, says: 'unbounded critic scores (counted as a call of real above 0)' },
} as const;

/** `stepMetrics(d, g)`: the figures the runtime logs, with D's outputs read as the loss reads them. */
export function stepMetricsFunction(context: EmitContext): FunctionDeclarationStructure {
  const reading = readings[scoreReading(context.ir.loss)];
  const threshold = numberLiteral(reading.threshold);
  return {
    kind: StructureKind.Function,
    name: 'stepMetrics',
    docs: [`The step's figures. D's outputs are ${reading.says}.`],
    parameters: [
      { name: 'd', type: 'DiscriminatorStep' },
      { name: 'g', type: 'GeneratorStep' },
    ],
    returnType: 'gan.StepMetrics',
    statements: (writer) => {
      writer.write('return ').inlineBlock(() => {
        writer.writeLine('lossD: d.loss,');
        writer.writeLine('lossG: g.loss,');
        writer.writeLine(`dReal: tf.mean(${reading.read('d.realScores')}),`);
        writer.writeLine(`dFakeBefore: tf.mean(${reading.read('g.fakeScoresBefore')}),`);
        writer.writeLine(`dFakeAfter: tf.mean(${reading.read('g.fakeScoresAfter')}),`);
        writer.writeLine(`accuracyReal: tf.mean(tf.cast(tf.greater(${reading.read('d.realScores')}, ${threshold}), 'float32')),`);
        writer.writeLine(`accuracyFake: tf.mean(tf.cast(tf.lessEqual(${reading.read('d.fakeScores')}, ${threshold}), 'float32')),`);
      });
      writer.write(';');
    },
  };
}
