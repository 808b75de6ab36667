import { StructureKind, type CodeBlockWriter, type FunctionDeclarationStructure } from 'ts-morph';
import type { EmitContext } from './context.js';
import { numberLiteral } from './literal.js';
import { discriminateCall, generateCall, usesLabels } from './step-helpers.js';

/**
 * The training step: `discriminatorStep`, `generatorStep` and `trainStep` for alternating updates,
 * or one `trainStep` that takes both networks' gradients before applying either (simultaneous).
 */
export function stepFunctions(context: EmitContext): FunctionDeclarationStructure[] {
  return context.ir.train.updates === 'alternating'
    ? [discriminatorStep(context), generatorStep(context), alternatingTrainStep(context)]
    : [simultaneousTrainStep(context)];
}

/** `const labels = ...` for the real batch's classes, when a network is conditional. */
function writeRealLabels(writer: CodeBlockWriter, context: EmitContext, batch: string): void {
  if (usesLabels(context)) writer.writeLine(`const labels = labelInput(${batch}.labels);`);
}

/**
 * D's loss on the real batch and `fake`, keeping the scores for the metrics, plus Wasserstein's
 * gradient penalty when the spec asks for one: the body of D's gradient closure.
 */
function writeDiscriminatorObjective(writer: CodeBlockWriter, context: EmitContext): void {
  const loss = context.ir.loss;
  writer.writeLine(`realScores = tf.keep(${discriminateCall('real.images', context)});`);
  writer.writeLine(`fakeScores = tf.keep(${discriminateCall('fake', context)});`);
  if (loss.gradientPenalty === undefined) {
    writer.writeLine('return discriminatorLoss(realScores, fakeScores);');
    return;
  }
  const lambda = numberLiteral(loss.gradientPenalty);
  const labels = context.ir.discriminator.conditional ? ', labels' : '';
  writer.writeLine(`// ${context.cite(loss.origin)}: lambda * mean((||grad D(x_hat)||_2 - 1)^2), x_hat between real and fake.`);
  writer.writeLine(`const penalty = gan.gradientPenalty(networks.discriminator, real.images, fake${labels});`);
  writer.writeLine(`return tf.add(discriminatorLoss(realScores, fakeScores), tf.mul(penalty, ${lambda}));`);
}

/** Weight clipping after D's update, for Wasserstein loss with `clip`. */
function writeWeightClip(writer: CodeBlockWriter, context: EmitContext): void {
  const bound = context.ir.loss.weightClip;
  if (bound === undefined) return;
  writer.writeLine(`// ${context.cite(context.ir.loss.origin)}: D's weights back into [-${numberLiteral(bound)}, ${numberLiteral(bound)}].`);
  writer.writeLine(`gan.clipWeights(networks.discriminator, ${numberLiteral(bound)});`);
}

/** G's fakes for the real batch: made outside D's gradient, so D's step trains D alone. */
function writeFakeBatch(writer: CodeBlockWriter, context: EmitContext, z: string): void {
  const classes = usesLabels(context) ? ', of the real batch\'s classes' : '';
  writer.writeLine(`// G's images${classes}, made outside D's gradient so that D's step trains D alone (PyTorch's fake.detach()).`);
  writer.writeLine(`const fake = ${generateCall(z, context)};`);
}

function discriminatorStep(context: EmitContext): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    name: 'discriminatorStep',
    docs: ['One D step: real images should score real, G\'s images from fresh noise fake.'],
    parameters: [
      { name: 'networks', type: 'gan.Networks' },
      { name: 'real', type: 'gan.Batch' },
    ],
    returnType: 'DiscriminatorStep',
    statements: (writer) => {
      writer.writeLine('const batchSize = real.images.shape[0];');
      writeRealLabels(writer, context, 'real');
      writeFakeBatch(writer, context, 'networks.sampleLatent(batchSize)');
      writer.writeLine('let realScores!: tf.Tensor;');
      writer.writeLine('let fakeScores!: tf.Tensor;');
      writer.write('const loss = networks.optimizers.discriminator.minimize(() => ');
      writer.inlineBlock(() => writeDiscriminatorObjective(writer, context));
      writer.write(', true, networks.discriminatorVariables) as tf.Scalar;').newLine();
      writeWeightClip(writer, context);
      writer.writeLine('return { loss, realScores, fakeScores, batchSize };');
    },
  };
}

function generatorStep(context: EmitContext): FunctionDeclarationStructure {
  const fakes = generateCall('z', context);
  return {
    kind: StructureKind.Function,
    name: 'generatorStep',
    docs: ['One G step: G\'s images from fresh noise should make D call them real.'],
    parameters: [
      { name: 'networks', type: 'gan.Networks' },
      { name: 'batchSize', type: 'number' },
    ],
    returnType: 'GeneratorStep',
    statements: (writer) => {
      writer.writeLine('const z = networks.sampleLatent(batchSize);');
      if (usesLabels(context)) writer.writeLine('const labels = labelInput(networks.sampleLabels(batchSize));');
      writer.writeLine('let fakeScoresBefore!: tf.Tensor;');
      writer.write('const loss = networks.optimizers.generator.minimize(() => ');
      writer.inlineBlock(() => {
        writer.writeLine(`fakeScoresBefore = tf.keep(${discriminateCall(fakes, context)});`);
        writer.writeLine('return generatorLoss(fakeScoresBefore);');
      });
      writer.write(', true, networks.generatorVariables) as tf.Scalar;').newLine();
      writer.writeLine('// The same noise through the updated G: how much more does D take its images for real?');
      writer.writeLine(`const fakeScoresAfter = ${discriminateCall(fakes, context)};`);
      writer.writeLine('return { loss, fakeScoresBefore, fakeScoresAfter };');
    },
  };
}

function trainStepShell(context: EmitContext, summary: string, body: (writer: CodeBlockWriter) => void): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    name: 'trainStep',
    docs: [`One iteration: ${summary}\nFrom ${context.cite(context.ir.train.origin)}`],
    parameters: [
      { name: 'networks', type: 'gan.Networks' },
      { name: 'nextBatch', type: '() => gan.Batch' },
    ],
    returnType: 'gan.StepMetrics',
    statements: body,
  };
}

function alternatingTrainStep(context: EmitContext): FunctionDeclarationStructure {
  const dSteps = context.ir.train.dSteps;
  const summary =
    dSteps === 1
      ? 'D\'s step on a real batch, then G\'s step (updates = alternating).'
      : `${dSteps} D steps, each on a fresh real batch, then G's step (updates = alternating, d_steps = ${dSteps}).`;
  return trainStepShell(context, summary, (writer) => {
    if (dSteps === 1) {
      writer.writeLine('const d = discriminatorStep(networks, nextBatch());');
    } else {
      writer.writeLine('let d = discriminatorStep(networks, nextBatch());');
      writer.write(`for (let step = 2; step <= ${dSteps}; step++) `).block(() => {
        writer.writeLine('// Only the last D step is reported.');
        writer.writeLine('tf.dispose([d.realScores, d.fakeScores]);');
        writer.writeLine('d = discriminatorStep(networks, nextBatch());');
      });
    }
    writer.writeLine('const g = generatorStep(networks, d.batchSize);');
    writer.writeLine('const metrics = stepMetrics(d, g);');
    writer.writeLine('tf.dispose([d.realScores, d.fakeScores, g.fakeScoresBefore]);');
    writer.writeLine('return metrics;');
  });
}

function simultaneousTrainStep(context: EmitContext): FunctionDeclarationStructure {
  const summary =
    'D and G step together on one fake batch (updates = simultaneous): both gradients are taken ' +
    'before either is applied, as in a Keras step with two GradientTapes.';
  return trainStepShell(context, summary, (writer) => {
    writer.writeLine('const real = nextBatch();');
    writer.writeLine('const batchSize = real.images.shape[0];');
    writeRealLabels(writer, context, 'real');
    writer.writeLine('const z = networks.sampleLatent(batchSize);');
    writeFakeBatch(writer, context, 'z');
    writer.writeLine('let realScores!: tf.Tensor;');
    writer.writeLine('let fakeScores!: tf.Tensor;');
    writer.write('const dGradients = tf.variableGrads(() => ');
    writer.inlineBlock(() => writeDiscriminatorObjective(writer, context));
    writer.write(', networks.discriminatorVariables);').newLine();
    writer.writeLine('// G\'s gradients through the same fake batch: the same noise into the same, not yet updated, G.');
    writer.writeLine('const gGradients = tf.variableGrads(');
    writer.indent().write(`() => generatorLoss(${discriminateCall(generateCall('z', context), context)}),`).newLine();
    writer.indent().write('networks.generatorVariables,').newLine();
    writer.writeLine(');');
    writer.writeLine('networks.optimizers.discriminator.applyGradients(dGradients.grads);');
    writer.writeLine('networks.optimizers.generator.applyGradients(gGradients.grads);');
    writeWeightClip(writer, context);
    writer.writeLine(`const fakeScoresAfter = ${discriminateCall(generateCall('z', context), context)};`);
    writer.writeLine('const d: DiscriminatorStep = { loss: dGradients.value, realScores, fakeScores, batchSize };');
    writer.writeLine('const metrics = stepMetrics(d, { loss: gGradients.value, fakeScoresBefore: fakeScores, fakeScoresAfter });');
    writer.writeLine('tf.dispose([realScores, fakeScores]);');
    writer.writeLine('return metrics;');
  });
}
