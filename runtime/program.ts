import type * as tf from '@tensorflow/tfjs';

/**
 * The contract between a generated trainer and the runtime. A generated file builds one
 * `TrainerProgram` (its networks, losses, optimizers and training step spelled out) and hands
 * it to `runTrainer`, which owns the plumbing: flags, backend, data, loop, logging, sample
 * grids, checkpoints and resume. Nothing here imports the compiler.
 */

export interface DataSpec {
  source: 'mnist' | 'fashion_mnist' | 'images';
  path?: string;
  /** Pixel values are scaled into [range[0], range[1]]. */
  range: readonly [number, number];
  batchSize: number;
  shuffle: boolean;
  labels: boolean;
  classes: number;
  /** [height, width, channels]. */
  shape: readonly [number, number, number];
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
  | { kind: 'step'; every: number; gamma: number }
  | { kind: 'exponential'; gamma: number }
  | { kind: 'linear'; endFactor: number };

export interface LearningRate {
  base: number;
  schedule: LearningRateSchedule;
}

export interface ScheduleSpec {
  epochs: number;
  dSteps: number;
  updates: 'alternating' | 'simultaneous';
  seed: number;
  logEvery: number;
}

export interface SamplesSpec {
  count: number;
  rows: number;
  cols: number;
  everyEpochs: number;
}

export interface CheckpointSpec {
  everyEpochs: number;
}

/** One batch of real examples: images [batch, h, w, c] in the data range, labels int32 [batch]. */
export interface Batch {
  images: tf.Tensor4D;
  labels?: tf.Tensor1D;
}

export interface Optimizers {
  generator: tf.Optimizer;
  discriminator: tf.Optimizer;
}

/** What a training step works with. Conditional models take `[input, labels]`. */
export interface Networks {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  optimizers: Optimizers;
  /** Trainable variables of each network, as optimizers take them. */
  generatorVariables: tf.Variable[];
  discriminatorVariables: tf.Variable[];
  /** Draws `n` latent vectors from the spec's distribution, using the seeded generator. */
  sampleLatent(n: number): tf.Tensor2D;
  /** Draws `n` class labels uniformly (int32), for conditional models. */
  sampleLabels(n: number): tf.Tensor1D;
}

/**
 * Figures of one training step, as scalars the runtime reads and disposes. Scores are D's
 * outputs read as the loss reads them: probabilities for BCE / least squares on sigmoid,
 * sigmoid(logit) for BCE from logits, raw critic values for Wasserstein and hinge.
 */
export interface StepMetrics {
  lossD: tf.Scalar;
  lossG: tf.Scalar;
  /** Mean D(x) on the real batch. */
  dReal: tf.Scalar;
  /** Mean D(G(z)) before G's step, and after it. */
  dFakeBefore: tf.Scalar;
  dFakeAfter: tf.Scalar;
  /** Fraction of real examples D calls real, and of fakes D calls fake. */
  accuracyReal: tf.Scalar;
  accuracyFake: tf.Scalar;
}

export interface TrainerProgram {
  /** The spec's name (file name without `.gan`). */
  name: string;
  title: string;
  specPath: string;
  data: DataSpec;
  latent: LatentSpec;
  /** True when G and D take class labels as a second input. */
  conditional: boolean;
  buildGenerator(): tf.LayersModel;
  buildDiscriminator(): tf.LayersModel;
  makeOptimizers(): Optimizers;
  learningRates: { generator: LearningRate; discriminator: LearningRate };
  /** How D's output reads: as a probability, a logit, or an unbounded critic score. */
  scores: 'probability' | 'logit' | 'critic';
  /**
   * One G step and the D steps before it. Pulls `schedule.dSteps` real batches from `nextBatch`
   * (one for simultaneous updates). Runs inside the runtime's `tf.tidy`-managed scope.
   */
  trainStep(networks: Networks, nextBatch: () => Batch): StepMetrics;
  schedule: ScheduleSpec;
  samples: SamplesSpec;
  checkpoint: CheckpointSpec;
}
