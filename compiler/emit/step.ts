import { StructureKind, type CodeBlockWriter, type FunctionDeclarationStructure } from 'ts-morph';
import { numberLiteral } from '../lowering/literal.js';
import type { EmitContext } from './context.js';

/**
 * The training step as the seeds run it: `discriminatorObjective` (D's scores and loss on a real
 * batch and G's images) and `trainStep`, one iteration. In alternating updates G's step reuses
 * the images D's step saw, and takes its gradient through them; in simultaneous updates both
 * gradients come from one forward pass. What is logged is what the step computes anyway.
 */
export function stepFunctions(context: EmitContext): FunctionDeclarationStructure[] {
  return [discriminatorObjective(context), context.ir.train.updates === 'alternating' ? alternatingStep(context) : simultaneousStep(context)];
}

/** `step.G(z)` or `step.G(z, real.labels)`, as the network takes them. */
function callG(context: EmitContext, z: string, labels: string): string {
  return `step.G(${z}${context.ir.generator.conditional ? `, ${labels}` : ''})`;
}

function callD(context: EmitContext, images: string, labels: string): string {
  return `step.D(${images}${context.ir.discriminator.conditional ? `, ${labels}` : ''})`;
}

function discriminatorObjective(context: EmitContext): FunctionDeclarationStructure {
  const { loss } = context.ir;
  const penalty = loss.constraint.gradientPenalty;
  return {
    kind: StructureKind.Function,
    name: 'discriminatorObjective',
    docs: ['D\'s objective: real images should score real, G\'s images fake.'],
    parameters: [
      { name: 'step', type: 'gan.Step' },
      { name: 'real', type: 'gan.Batch' },
      { name: 'fake', type: 'tf.Tensor' },
    ],
    statements: (writer) => {
      writer.writeLine(`const realScores = ${callD(context, 'real.images', 'real.labels')};`);
      writer.writeLine(`const fakeScores = ${callD(context, 'fake', 'real.labels')};`);
      if (penalty === undefined) {
        writer.writeLine('return { loss: discriminatorLoss(realScores, fakeScores), realScores, fakeScores };');
        return;
      }
      writer.writeLine(`// ${context.cite(loss.origin)}: lambda * mean((||grad D(x_hat)||_2 - 1)^2), x_hat = mix * real + (1 - mix) * fake.`);
      writer.writeLine('const mix = step.uniform([real.size, 1, 1, 1]);');
      writer.writeLine(`const penalty = gan.gradientPenalty((images) => ${callD(context, 'images', 'real.labels')}, real.images, fake, mix);`);
      writer.writeLine(`const loss: tf.Scalar = tf.add(discriminatorLoss(realScores, fakeScores), tf.mul(penalty, ${numberLiteral(penalty)}));`);
      writer.writeLine('return { loss, realScores, fakeScores };');
    },
  };
}

/** Weight clipping after D's update, for a Wasserstein loss with `clip`. */
function writeWeightClip(writer: CodeBlockWriter, context: EmitContext): void {
  const bound = context.ir.loss.constraint.weightClip;
  if (bound === undefined) return;
  writer.writeLine(`// ${context.cite(context.ir.loss.origin)}: D's weights back into [-${numberLiteral(bound)}, ${numberLiteral(bound)}] after its update.`);
  writer.writeLine(`gan.clipWeights(step.weights('D'), ${numberLiteral(bound)});`);
}

/** G's loss on D's scores of G's images (and of the real batch, for losses that compare them). */
function generatorLossCall(context: EmitContext, fakeScores: string, realScores: string): string {
  const args = context.ir.loss.generatorLoss.reads.map((input) => (input === 'fakeScores' ? fakeScores : realScores));
  return `generatorLoss(${args.join(', ')})`;
}

function trainStepShell(context: EmitContext, summary: string, body: (writer: CodeBlockWriter) => void): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    name: 'trainStep',
    docs: [`One iteration: ${summary}\nFrom ${context.cite(context.ir.train.origin)}`],
    parameters: [{ name: 'step', type: 'gan.Step' }],
    returnType: 'gan.StepReport',
    statements: body,
  };
}

function alternatingStep(context: EmitContext): FunctionDeclarationStructure {
  const dSteps = context.ir.train.dSteps;
  const readsReal = context.ir.loss.generatorLoss.reads.includes('realScores');
  const summary =
    dSteps === 1
      ? 'D\'s step on a real batch and G\'s images, then G\'s step on the same images (updates = alternating), as the seeds\' PyTorch loops run it.'
      : `${dSteps} D steps, each on its own real batch and G's images, then G's step on the last D step's images (updates = alternating, d_steps = ${dSteps}).`;
  return trainStepShell(context, summary, (writer) => {
    if (dSteps > 1) {
      writer.write(`for (let i = 1; i < ${dSteps}; i++) `).block(() => {
        writer.writeLine('const real = step.realBatch();');
        writer.writeLine(`const fake = ${callG(context, 'step.latent(real.size)', 'real.labels')};`);
        writer.writeLine('step.minimize(\'D\', () => discriminatorObjective(step, real, fake));');
        writeWeightClip(writer, context);
      });
    }
    writer.writeLine('const real = step.realBatch();');
    if (context.ir.train.generatorFakes === 'fresh') {
      writeFreshGeneratorStep(writer, context, readsReal);
      return;
    }
    writer.writeLine('const z = step.latent(real.size);');
    writer.writeLine('// G\'s step is the outer one: its gradient runs through all inside it, as PyTorch keeps');
    writer.writeLine('// netG(z)\'s graph until errG.backward(); D\'s step happens in between, on the same images.');
    writer.write('const g = step.minimize(\'G\', () => ').inlineBlock(() => {
      writer.writeLine(`const fake = ${callG(context, 'z', 'real.labels')};`);
      writer.writeLine('// D\'s gradient is D\'s alone: G\'s weights stay as they are (PyTorch\'s fake.detach()).');
      writer.writeLine('const d = step.minimize(\'D\', () => discriminatorObjective(step, real, fake));');
      writeWeightClip(writer, context);
      writer.writeLine('// D, just updated, scores the same images; G learns to make it call them real.');
      writer.writeLine(`const fakeScoresAfter = ${callD(context, 'fake', 'real.labels')};`);
      if (readsReal) writer.writeLine(`const realScoresAfter = ${callD(context, 'real.images', 'real.labels')};`);
      writer.writeLine(`return { loss: ${generatorLossCall(context, 'fakeScoresAfter', 'realScoresAfter')}, d, fakeScoresAfter };`);
    });
    writer.write(');').newLine();
    writer.writeLine('return { lossD: g.d.loss, lossG: g.loss, realScores: g.d.realScores, fakeScores: g.d.fakeScores, fakeScoresAfter: g.fakeScoresAfter };');
  });
}

/** `g_fakes = fresh`: D's step on G's images, then G's step on images of new noise. */
function writeFreshGeneratorStep(writer: CodeBlockWriter, context: EmitContext, readsReal: boolean): void {
  writer.writeLine(`const fake = ${callG(context, 'step.latent(real.size)', 'real.labels')};`);
  writer.writeLine('const d = step.minimize(\'D\', () => discriminatorObjective(step, real, fake));');
  writeWeightClip(writer, context);
  writer.writeLine('// G\'s step on images of fresh noise (g_fakes = fresh).');
  const conditional = context.ir.generator.conditional || context.ir.discriminator.conditional;
  if (conditional) {
    writer.writeLine('// Of classes drawn uniformly, not the real batch\'s: G learns every class, as the compiled step draws them.');
    writer.writeLine('const classes = step.labels(real.size);');
  }
  writer.write('const g = step.minimize(\'G\', () => ').inlineBlock(() => {
    writer.writeLine(`const fakeScoresAfter = ${callD(context, callG(context, 'step.latent(real.size)', 'classes'), 'classes')};`);
    if (readsReal) writer.writeLine(`const realScoresAfter = ${callD(context, 'real.images', 'real.labels')};`);
    writer.writeLine(`return { loss: ${generatorLossCall(context, 'fakeScoresAfter', 'realScoresAfter')}, fakeScoresAfter };`);
  });
  writer.write(');').newLine();
  writer.writeLine('return { lossD: d.loss, lossG: g.loss, realScores: d.realScores, fakeScores: d.fakeScores, fakeScoresAfter: g.fakeScoresAfter };');
}

function simultaneousStep(context: EmitContext): FunctionDeclarationStructure {
  const summary =
    'D and G step together on one fake batch (updates = simultaneous): both gradients come from one forward pass ' +
    'and are taken before either is applied, as in a Keras step with two GradientTapes.';
  return trainStepShell(context, summary, (writer) => {
    writer.writeLine('const real = step.realBatch();');
    writer.writeLine('const z = step.latent(real.size);');
    writer.writeLine('// D\'s gradient is taken inside G\'s, so both come from the same forward pass.');
    writer.write('const g = step.gradients(\'G\', () => ').inlineBlock(() => {
      writer.writeLine(`const fake = ${callG(context, 'z', 'real.labels')};`);
      writer.writeLine('const d = step.gradients(\'D\', () => discriminatorObjective(step, real, fake));');
      writer.writeLine(`return { loss: ${generatorLossCall(context, 'd.fakeScores', 'd.realScores')}, d };`);
    });
    writer.write(');').newLine();
    writer.writeLine('step.apply(\'D\', g.d.gradients);');
    writer.writeLine('step.apply(\'G\', g.gradients);');
    writeWeightClip(writer, context);
    writer.writeLine('return { lossD: g.d.loss, lossG: g.loss, realScores: g.d.realScores, fakeScores: g.d.fakeScores };');
  });
}
