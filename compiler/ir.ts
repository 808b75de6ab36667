import type { Shape } from './shape.js';
import type { EmittedOp, ParameterCount } from './layers/kind.js';

/**
 * The checked, typed form of a spec: what the checker produces and the emitter reads.
 * All constants are evaluated, all defaults applied, all shapes known. Every part keeps
 * the spec line it came from (`origin`), so the emitted code can cite it.
 */
export interface SpecIR {
  /** File name without `.gan`: names the generated file and the run folder. */
  name: string;
  /** From `title "..."`, else the name. Free text: may hold any character. */
  title: string;
  /** The spec's path as given to the compiler. */
  sourcePath: string;
  data: DataIR;
  latent: LatentIR;
  generator: NetworkIR;
  discriminator: NetworkIR;
  loss: LossIR;
  optimizers: { generator: OptimizerIR; discriminator: OptimizerIR };
  train: TrainIR;
  samples: SamplesIR;
  checkpoint: CheckpointIR;
}

/** The spec line a part came from, and that line's text (trimmed), for comments in emitted code. */
export interface Origin {
  line: number;
  text: string;
}

export interface DataIR {
  source: 'mnist' | 'fashion_mnist' | 'images';
  /** Image folder (images) or IDX folder override; free text. */
  path?: string;
  range: readonly [number, number];
  batchSize: number;
  shuffle: boolean;
  /** True when the spec is conditional: batches carry class labels. */
  labels: boolean;
  classes: number;
  /** [height, width, channels] of one example as the networks see it. */
  shape: readonly [number, number, number];
  /** Image folders: resize the shorter side to this, then centre-crop to `crop`. */
  resize?: number;
  crop?: number;
  flips: readonly ('horizontal' | 'vertical')[];
  origin: Origin;
}

export type LatentIR =
  | { size: number; distribution: 'normal'; mean: number; stddev: number; origin: Origin }
  | { size: number; distribution: 'uniform'; low: number; high: number; origin: Origin };

export interface LayerIR {
  kind: string;
  /** Options after positional naming, constant evaluation and defaults. */
  options: Readonly<Record<string, unknown>>;
  inputShape: Shape;
  outputShape: Shape;
  parameters: ParameterCount;
  emitted: readonly EmittedOp[];
  origin: Origin;
}

export interface NetworkIR {
  role: 'generator' | 'discriminator';
  /** The name written in the spec (`G`), or the role word. */
  name: string;
  inputShape: Shape;
  outputShape: Shape;
  /** True when a layer joins the class label, so the model takes [input, label]. */
  conditional: boolean;
  layers: readonly LayerIR[];
  parameters: ParameterCount;
  /** What D's last layer produces: probabilities (sigmoid), or unbounded scores. */
  outputActivation: 'sigmoid' | 'tanh' | 'linear' | 'other';
  origin: Origin;
}

export interface LossIR {
  kind: 'bce' | 'least_squares' | 'wasserstein' | 'hinge';
  /** bce only: D's output is logits (true) or probabilities (false). */
  fromLogits: boolean;
  /** bce only: G's loss. */
  generatorLoss: 'non_saturating' | 'minimax';
  /** One-sided: real targets become 1 - smoothing. */
  labelSmoothing: number;
  /** wasserstein only: lambda of the gradient penalty, or the weight-clipping bound. */
  gradientPenalty?: number;
  weightClip?: number;
  origin: Origin;
}

export type LearningRateScheduleIR =
  | { kind: 'constant' }
  /** lr * gamma every `every` epochs. */
  | { kind: 'step'; every: number; gamma: number }
  /** lr * gamma^epoch. */
  | { kind: 'exponential'; gamma: number }
  /** From lr to lr * endFactor, linearly over the run's epochs. */
  | { kind: 'linear'; endFactor: number };

export type OptimizerIR =
  | { kind: 'adam'; lr: number; beta1: number; beta2: number; epsilon: number; schedule: LearningRateScheduleIR; origin: Origin }
  | { kind: 'sgd'; lr: number; momentum: number; schedule: LearningRateScheduleIR; origin: Origin }
  | { kind: 'rmsprop'; lr: number; decay: number; momentum: number; epsilon: number; schedule: LearningRateScheduleIR; origin: Origin };

export interface TrainIR {
  epochs: number;
  /** D updates per G update. */
  dSteps: number;
  /** `simultaneous`: one fake batch, both networks' gradients taken before either is applied (seed D). */
  updates: 'alternating' | 'simultaneous';
  seed: number;
  /** Log every N iterations (G steps). */
  logEvery: number;
  origin: Origin;
}

export interface SamplesIR {
  count: number;
  rows: number;
  cols: number;
  /** Save a fixed-noise grid every N epochs. */
  everyEpochs: number;
  origin: Origin;
}

export interface CheckpointIR {
  everyEpochs: number;
  origin: Origin;
}
