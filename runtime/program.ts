import type * as tf from '@tensorflow/tfjs';

/**
 * The contract between a generated trainer and the runtime, and between the compiler and the
 * runtime: the compiler's IR is built from these types (it may `import type` them; the runtime
 * never imports the compiler). A generated file builds one `TrainerProgram` (its networks,
 * losses, optimizers and training step spelled out, plus the spec's facts as one `RunSpec`)
 * and hands it to `runTrainer`, which owns the plumbing: flags, backend, data, loop, logging,
 * sample grids, checkpoints and resume.
 */

export interface DataSpec {
  source: 'mnist' | 'fashion_mnist' | 'images';
  /** Image folder (images) or IDX folder override. */
  path?: string;
  /** Pixel values are scaled into [range[0], range[1]]. */
  range: readonly [number, number];
  batchSize: number;
  shuffle: boolean;
  /** Drop an epoch's last, smaller batch (PyTorch's `drop_last`); kept by default, as the seeds' DataLoaders do. */
  dropLast: boolean;
  /** True when batches carry class labels. */
  labels: boolean;
  classes: number;
  /** [height, width, channels] of one example as the networks see it. */
  shape: readonly [number, number, number];
  /** Image folders: resize the shorter side to this, then centre-crop to `crop`. */
  resize?: number;
  crop?: number;
  flips: readonly ('horizontal' | 'vertical')[];
}

export type LatentSpec =
  | { size: number; distribution: 'normal'; mean: number; stddev: number }
  | { size: number; distribution: 'uniform'; low: number; high: number };

/** Multiplies the base learning rate, per epoch (0-based). */
export type LearningRateSchedule =
  | { kind: 'constant' }
  /** lr * gamma every `every` epochs. */
  | { kind: 'step'; every: number; gamma: number }
  /** lr * gamma^epoch. */
  | { kind: 'exponential'; gamma: number }
  /** From lr to lr * endFactor, linearly over the run's epochs. */
  | { kind: 'linear'; endFactor: number };

export interface LearningRate {
  base: number;
  schedule: LearningRateSchedule;
}

export interface ScheduleSpec {
  epochs: number;
  /** D updates per G update. */
  dSteps: number;
  /** `simultaneous`: both networks' gradients taken from one forward pass before either is applied (seed D). */
  updates: 'alternating' | 'simultaneous';
  /** Alternating updates: G's step on the images D's last step saw (`reuse`, as the seeds do) or on fresh noise. */
  generatorFakes: 'reuse' | 'fresh';
  seed: number;
  /** Log every N iterations (G steps). */
  logEvery: number;
}

export interface SamplesSpec {
  count: number;
  rows: number;
  cols: number;
  /** Save a fixed-noise grid every N epochs. */
  everyEpochs: number;
}

export interface CheckpointSpec {
  everyEpochs: number;
}

/** How D's output reads under the spec's loss: a probability, a logit, or an unbounded critic score. */
export type ScoreReading = 'probability' | 'logit' | 'critic';

/** The spec's facts the runtime needs, as plain data (a generated trainer writes it as one literal). */
export interface RunSpec {
  /** The spec's name (file name without `.gan`). */
  name: string;
  title: string;
  specPath: string;
  data: DataSpec;
  latent: LatentSpec;
  scores: ScoreReading;
  learningRates: { generator: LearningRate; discriminator: LearningRate };
  schedule: ScheduleSpec;
  samples: SamplesSpec;
  checkpoint: CheckpointSpec;
}

/** One batch of real examples: images [size, h, w, c] in the data range, labels int32 [size, 1] when the data has them. */
export interface Batch {
  size: number;
  images: tf.Tensor4D;
  labels?: tf.Tensor2D;
}

export interface Optimizers {
  generator: tf.Optimizer;
  discriminator: tf.Optimizer;
}

/** A network as the training step calls it: in training mode, with the batch's labels when it is conditional. */
export type NetworkCall = (input: tf.Tensor, labels?: tf.Tensor) => tf.Tensor;

/** What an objective returns: the loss to minimize, and whatever the step wants to keep (scores). */
export type Objective = { loss: tf.Scalar } & Record<string, unknown>;

/** Gradients of a loss over a network's trainable weights, by variable name. */
export type Gradients = Record<string, tf.Tensor>;

/**
 * What a generated training step works with, for one iteration. Tensors it makes are disposed
 * by the runtime after the step; those an objective returns live until the runtime has read the
 * step's report.
 */
export interface Step {
  /** G and D in training mode (batch statistics, dropout on), as PyTorch's `train()`. */
  G: NetworkCall;
  D: NetworkCall;
  /** The next real batch; a step pulls `d_steps` of them (one when updates are simultaneous). */
  realBatch(): Batch;
  /** `n` latent vectors from the spec's distribution, drawn from Philox at the compiled step's site for this point of the step. */
  latent(n: number): tf.Tensor2D;
  /** `shape` values uniform in [0, 1) from Philox: the gradient penalty's mixes, at D's current step's site. */
  uniform(shape: number[]): tf.Tensor;
  /** `n` class labels, uniform over the data's classes, int32 [n, 1] as a batch's: G's fresh step's classes (g_fakes = fresh). */
  labels(n: number): tf.Tensor2D;
  /** One optimizer step of a network: minimizes the objective's loss over its trainable weights; returns what the objective returned. */
  minimize<T extends Objective>(network: 'G' | 'D', objective: () => T): T;
  /** The gradients of the objective's loss over the network's trainable weights, not yet applied. */
  gradients<T extends Objective>(network: 'G' | 'D', objective: () => T): T & { gradients: Gradients };
  /** Applies gradients taken by `gradients` with the network's optimizer. */
  apply(network: 'G' | 'D', gradients: Gradients): void;
  /** The network's trainable weights, for constraints such as weight clipping. */
  weights(network: 'G' | 'D'): tf.Variable[];
}

/**
 * What one iteration reports: the losses and D's scores. The runtime reads them as the loss
 * reads them (`RunSpec.scores`) into the logged figures: mean D(x), mean D(G(z)) before D's
 * update (in D's step) and after it (in G's step), and D's accuracy on each.
 */
export interface StepReport {
  lossD: tf.Scalar;
  lossG: tf.Scalar;
  /** D's scores of the real batch and of G's images, in (the last) D step. */
  realScores: tf.Tensor;
  fakeScores: tf.Tensor;
  /** D's scores of the same images in G's step, after D's update; absent when both update at once. */
  fakeScoresAfter?: tf.Tensor;
}

export interface TrainerProgram {
  spec: RunSpec;
  buildGenerator(): tf.LayersModel;
  buildDiscriminator(): tf.LayersModel;
  makeOptimizers(): Optimizers;
  /** One iteration: the D steps and G's step. Runs inside the runtime's scope, which disposes what it makes. */
  trainStep(step: Step): StepReport;
}
