import type { CheckpointSpec, DataSpec, LatentSpec, LearningRate, SamplesSpec, ScheduleSpec, ScoreReading } from '../runtime/program.js';
import type { Framework } from './frameworks.js';
import type { ParameterCount } from './layers/kind.js';
import type { HelperFunction, LossCode, LossConstraint } from './losses/kind.js';
import type { TfjsNode } from './lowering/tfjs.js';
import type { Shape } from './shape.js';

/**
 * The checked, lowered form of a spec: what the checker produces and the emitter reads. All
 * constants are evaluated, all defaults applied, all shapes known, every part lowered to what it
 * becomes in TensorFlow.js. The facts the runtime needs are the runtime's own types
 * (`runtime/program.ts`), so nothing is copied field by field. Every part keeps the spec line it
 * came from (`origin`), so the emitted code can cite it.
 */
export interface SpecIR {
  /** File name without `.gan`: names the generated file and the run folder. */
  name: string;
  /** From `title "..."`, else the name. Free text: may hold any character. */
  title: string;
  /** The spec's path as given to the compiler. */
  sourcePath: string;
  /** Whose defaults the spec takes (`framework pytorch`, the default, or `keras`). */
  framework: Framework;
  data: Cited<DataSpec>;
  latent: Cited<LatentSpec>;
  generator: NetworkIR;
  discriminator: NetworkIR;
  loss: LossIR;
  optimizers: { generator: OptimizerIR; discriminator: OptimizerIR };
  train: Cited<ScheduleSpec>;
  samples: Cited<SamplesSpec>;
  checkpoint: Cited<CheckpointSpec>;
}

/** The spec line a part came from, and that line's text (trimmed), for comments in emitted code. */
export interface Origin {
  line: number;
  text: string;
}

export type Cited<T> = T & { origin: Origin };

export interface LayerIR {
  kind: string;
  /** Options after positional naming, constant evaluation and defaults. */
  options: Readonly<Record<string, unknown>>;
  inputShape: Shape;
  outputShape: Shape;
  parameters: ParameterCount;
  tfjs: readonly TfjsNode[];
  origin: Origin;
}

export interface NetworkIR {
  role: 'generator' | 'discriminator';
  /** The name written in the spec (`G`), or the role word. */
  name: string;
  inputShape: Shape;
  outputShape: Shape;
  /** True when a layer reads the class labels, so the model takes [input, labels]. */
  conditional: boolean;
  layers: readonly LayerIR[];
  parameters: ParameterCount;
  origin: Origin;
}

export interface LossIR {
  kind: string;
  options: Readonly<Record<string, unknown>>;
  scores: ScoreReading;
  constraint: LossConstraint;
  discriminatorLoss: LossCode;
  generatorLoss: LossCode;
  /** Functions the losses call (a framework's cross-entropy). */
  helpers: readonly HelperFunction[];
  origin: Origin;
}

export interface OptimizerIR {
  kind: string;
  options: Readonly<Record<string, unknown>>;
  learningRate: LearningRate;
  /** The TensorFlow.js optimizer at the base learning rate, as an expression. */
  tfjs: string;
  origin: Origin;
}
