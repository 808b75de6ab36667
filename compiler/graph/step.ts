import { gradients } from './autodiff.js';
import { GraphBuilder, type Tensor } from './builder.js';
import type { Graph } from './ir.js';
import type { LossLowering } from './losses.js';
import type { CallContext } from './nn/context.js';
import type { OptimizerLowering } from './optimizers.js';
import { B } from './shape.js';

/**
 * The whole training iteration as one graph: D's steps, each on its own real batch, then G's
 * step (alternating), or one forward with both gradients taken before either update
 * (simultaneous, Keras style). G's step by default reuses the last D step's latent and fakes,
 * as the PyTorch seeds do (`output = netD(fake)` after D's update, with the same `fake`), so G's
 * forward activations are not recomputed. The logged figures are read from what the step
 * computes anyway; no pass runs only to log.
 *
 * Host inputs: `real/k` f32 [B, h, w, c] per D step k (and `labels/k` i32 [B] when
 * conditional). Run-time scalars: `lr/G`, `lr/D`. Outputs: `loss_D`, `loss_G`, `d_real`,
 * `d_fake_before` (mean D(G(z)) as D scored it in its step), `d_fake_after` (as G's step
 * scores it, after D's update), `accuracy_real`, `accuracy_fake`.
 */

export interface NetworkLowering {
  name: string;
  /** One call of the network on `input` (and `context.labels` when conditional). */
  forward(b: GraphBuilder, input: Tensor, context: CallContext): Tensor;
}

export type LatentSpec =
  | { size: number; distribution: 'normal'; mean: number; stddev: number }
  | { size: number; distribution: 'uniform'; low: number; high: number };

export interface TrainingStepSpec {
  latent: LatentSpec;
  /** [height, width, channels] of a real example; `classes` when batches carry labels. */
  data: { shape: readonly [number, number, number]; classes?: number };
  generator: NetworkLowering;
  discriminator: NetworkLowering;
  loss: LossLowering;
  /** WGAN-GP's lambda. */
  gradientPenalty?: number;
  /** WGAN weight clipping of D's trainable weights after its update. */
  weightClip?: number;
  optimizers: { generator: OptimizerLowering; discriminator: OptimizerLowering };
  schedule: {
    dSteps: number;
    updates: 'alternating' | 'simultaneous';
    /** G's step: the last D step's latent and fakes (default), or fresh ones. */
    generatorNoise?: 'reuse' | 'fresh';
  };
  /** Score real and fake batches in one pass of D when D mixes no samples and writes no state (default 'auto'). */
  batchRealAndFake?: 'auto' | 'never';
}

export interface TrainingStep {
  graph: Graph;
  /** True when D scored real and fake images side by side in one [2B] pass. */
  batchedRealAndFake: boolean;
}

interface Scored {
  real: Tensor;
  fake: Tensor;
}

export function buildTrainingStep(spec: TrainingStepSpec): TrainingStep {
  const { dSteps, updates } = spec.schedule;
  if (!Number.isInteger(dSteps) || dSteps < 1) throw new Error(`d_steps must be a positive integer, got ${dSteps}`);
  if (updates === 'simultaneous' && dSteps !== 1) throw new Error('simultaneous updates take one D step per iteration');
  const conditional = spec.data.classes !== undefined;
  const batched = spec.batchRealAndFake !== 'never' && !callsApart(spec);
  const b = new GraphBuilder();
  const lrG = b.scalar('lr/G');
  const lrD = b.scalar('lr/D');
  const G = (z: Tensor, labels: Tensor | undefined) => b.network(spec.generator.name, () => spec.generator.forward(b, z, { training: true, labels }));
  const D = (x: Tensor, labels: Tensor | undefined) => b.network(spec.discriminator.name, () => spec.discriminator.forward(b, x, { training: true, labels }));

  /** D's scores of real and fake batches: side by side in one pass when legal. */
  const scoreBoth = (real: Tensor, fake: Tensor, labels: Tensor | undefined): Scored => {
    if (!batched) return { real: b.scope('real', () => D(real, labels)), fake: b.scope('fake', () => D(fake, labels)) };
    const joinedLabels = labels ? b.concat([labels, labels], 0) : undefined;
    const scores = b.scope('real and fake', () => D(b.concat([real, fake], 0), joinedLabels));
    const rest = scores.shape.slice(1).map(() => 0);
    return {
      real: b.slice(scores, [0, ...rest], [B, ...scores.shape.slice(1)]),
      fake: b.slice(scores, [B, ...rest], [B, ...scores.shape.slice(1)]),
    };
  };

  const latent = () => drawLatent(b, spec.latent);
  const realBatch = (k: number) => ({
    images: b.input(`real/${k}`, [B, ...spec.data.shape]),
    labels: conditional ? b.input(`labels/${k}`, [B], 'i32') : undefined,
  });

  /** D's loss, with the gradient penalty when asked for. */
  const discriminatorObjective = (scores: Scored, real: Tensor, fake: Tensor, labels: Tensor | undefined): Tensor => {
    const loss = spec.loss.discriminator(b, scores);
    if (spec.gradientPenalty === undefined) return loss;
    const penalty = b.scope('gradient penalty', () => gradientPenalty(b, real, b.stopGradient(fake), (x) => D(x, labels)));
    return b.add(loss, b.mul(penalty, spec.gradientPenalty));
  };

  const update = (network: string, params: Tensor, grads: Tensor, lr: Tensor, optimizer: OptimizerLowering, clip?: number) => {
    let next = b.scope(`${network} update`, () => optimizer.update(b, { network, params, grads, lr }));
    if (clip !== undefined) next = b.clamp(next, -clip, clip);
    b.write(`${network}/trainable`, next);
  };

  const report = (figures: { lossD: Tensor; lossG: Tensor; before: Scored; after: Tensor }) => {
    const read = (s: Tensor) => (spec.loss.scores === 'logit' ? b.sigmoid(s) : s);
    const threshold = spec.loss.scores === 'critic' ? 0 : 0.5;
    b.output('loss_D', figures.lossD);
    b.output('loss_G', figures.lossG);
    b.output('d_real', b.mean(read(figures.before.real)));
    b.output('d_fake_before', b.mean(read(figures.before.fake)));
    b.output('d_fake_after', b.mean(read(figures.after)));
    b.output('accuracy_real', b.mean(b.cast(b.greater(read(figures.before.real), threshold), 'f32')));
    b.output('accuracy_fake', b.mean(b.cast(b.lessEqual(read(figures.before.fake), threshold), 'f32')));
  };

  const gName = spec.generator.name;
  const dName = spec.discriminator.name;
  if (updates === 'simultaneous') {
    b.scope('step', () => {
      const real = realBatch(0);
      const fake = G(latent(), real.labels);
      const scores = scoreBoth(real.images, fake, real.labels);
      const lossD = discriminatorObjective(scores, real.images, fake, real.labels);
      const lossG = spec.loss.generator(b, { fake: scores.fake, real: () => scores.real });
      const dParams = b.trainableParams(dName);
      const gParams = b.trainableParams(gName);
      const [dGrad] = b.scope('D gradient', () => gradients(b, lossD, [dParams]));
      const [gGrad] = b.scope('G gradient', () => gradients(b, lossG, [gParams]));
      update(dName, dParams, dGrad, lrD, spec.optimizers.discriminator, spec.weightClip);
      update(gName, gParams, gGrad, lrG, spec.optimizers.generator);
      // One forward: G's loss saw the fakes as D scored them before either update.
      report({ lossD, lossG, before: scores, after: scores.fake });
    });
    return { graph: b.graph, batchedRealAndFake: batched };
  }

  let last: { real: ReturnType<typeof realBatch>; fake: Tensor; scores: Scored; lossD: Tensor } | undefined;
  for (let k = 0; k < dSteps; k++) {
    last = b.scope(`D step ${k + 1}`, () => {
      const real = realBatch(k);
      const fake = G(latent(), real.labels);
      // D's step trains D alone: its gradient stops at the fakes (PyTorch's fake.detach()).
      const scores = scoreBoth(real.images, b.stopGradient(fake), real.labels);
      const lossD = discriminatorObjective(scores, real.images, fake, real.labels);
      const dParams = b.trainableParams(dName);
      const [dGrad] = b.scope('D gradient', () => gradients(b, lossD, [dParams]));
      update(dName, dParams, dGrad, lrD, spec.optimizers.discriminator, spec.weightClip);
      return { real, fake, scores, lossD };
    });
  }
  const d = last!;
  b.scope('G step', () => {
    const fresh = spec.schedule.generatorNoise === 'fresh';
    const labels = fresh && conditional ? drawLabels(b, spec.data.classes!) : d.real.labels;
    const fake = fresh ? G(latent(), labels) : d.fake;
    const scores = b.scope('fake', () => D(fake, labels));
    const lossG = spec.loss.generator(b, { fake: scores, real: () => b.scope('real', () => D(d.real.images, d.real.labels)) });
    const gParams = b.trainableParams(gName);
    const [gGrad] = b.scope('G gradient', () => gradients(b, lossG, [gParams]));
    update(gName, gParams, gGrad, lrG, spec.optimizers.generator);
    report({ lossD: d.lossD, lossG, before: d.scores, after: scores });
  });
  return { graph: b.graph, batchedRealAndFake: batched };
}

/** z from the spec's latent distribution, drawn at this scope's `latent` site. */
function drawLatent(b: GraphBuilder, latent: LatentSpec): Tensor {
  const draw = b.random(latent.distribution, [B, latent.size], `${b.site}/latent`);
  return shapeLatent(b, draw, latent);
}

function shapeLatent(b: GraphBuilder, draw: Tensor, latent: LatentSpec): Tensor {
  if (latent.distribution === 'normal') {
    const scaled = latent.stddev === 1 ? draw : b.mul(draw, latent.stddev);
    return latent.mean === 0 ? scaled : b.add(scaled, latent.mean);
  }
  return b.add(b.mul(draw, latent.high - latent.low), latent.low);
}

/** Uniform class labels, i32 [B]. */
function drawLabels(b: GraphBuilder, classes: number): Tensor {
  const u = b.random('uniform', [B], `${b.site}/labels`);
  return b.cast(b.minimum(b.floor(b.mul(u, classes)), classes - 1), 'i32');
}

/**
 * WGAN-GP (Gulrajani et al. 2017): mean over the batch of (||grad_x D(x_hat)||_2 - 1)^2 at
 * x_hat = a real + (1 - a) fake, one a ~ U[0, 1) per example from Philox. The inner gradient
 * is graph ops, so D's update differentiates through it.
 */
export function gradientPenalty(b: GraphBuilder, real: Tensor, fake: Tensor, critic: (x: Tensor) => Tensor): Tensor {
  const alpha = b.random('uniform', [B, ...real.shape.slice(1).map(() => 1)], `${b.site}/alpha`);
  const mixed = b.add(b.mul(alpha, real), b.mul(b.sub(1, alpha), fake));
  const scores = critic(mixed);
  const [gradient] = gradients(b, b.sum(scores), [mixed]);
  const axes = real.shape.slice(1).map((_, i) => i + 1);
  // The tiny constant keeps sqrt's gradient finite where a gradient is exactly zero.
  const norms = b.sqrt(b.add(b.sum(b.square(gradient), axes), 1e-12));
  return b.mean(b.square(b.sub(norms, 1)));
}

/**
 * Whether D must score real and fake batches in calls of their own: it reduces over the batch
 * axis (batch norm) or a call changes what the next one computes (spectral norm's u), found by
 * building it once on its own.
 */
function callsApart(spec: TrainingStepSpec): boolean {
  const probe = new GraphBuilder();
  const x = probe.input('x', [B, ...spec.data.shape]);
  const labels = spec.data.classes !== undefined ? probe.input('labels', [B], 'i32') : undefined;
  probe.network(spec.discriminator.name, () => spec.discriminator.forward(probe, x, { training: true, labels }));
  const info = probe.networkInfo(spec.discriminator.name);
  return info.mixesBatch || info.writesState;
}
