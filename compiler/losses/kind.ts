import type { Diagnostic, Label } from '../../diagnostics/diagnostic.js';
import type { Span } from '../../diagnostics/span.js';
import type { ScoreReading } from '../../runtime/program.js';
import type { Framework } from '../frameworks.js';
import type { ValueRange } from '../layers/range.js';
import type { SettingsVariant } from '../settings/variant.js';
import type { LayerStatement } from '../../grammar/ast.js';
import type { LayerKind } from '../layers/kind.js';
import type { LossLowering as GraphLoss } from '../graph/losses.js';

/**
 * One adversarial loss of the language (`loss bce`, `loss hinge`, ...). Everything known about
 * it lives in its own file (`compiler/losses/<name>.ts`): its options, how D's outputs read
 * under it, what it demands of D's last layer, what it adds to D's step, and the TensorFlow.js
 * code of both losses. Adding a loss touches that file and `registry.ts`.
 */
export interface LossKind<Options = Record<string, unknown>> extends SettingsVariant {
  /** How D's outputs read: probabilities, logits, or unbounded critic scores. */
  scores(options: Options): ScoreReading;
  /** What D's step adds besides the loss: WGAN-GP's penalty weight, or the weight-clipping bound. */
  constraint?(options: Options): LossConstraint;
  /** Problems of this loss with the rest of the spec (D's output, its options together). */
  check(context: LossCheckContext<Options>): Diagnostic[];
  /** Both losses as TensorFlow.js statements, with the helper functions they call, as the framework computes them. */
  tfjs(options: Options, framework: Framework): LossLowering;
  /** Both losses as graph ops for the compiled step, as the framework computes them; absent: not compiled (GAN0801). */
  graph?(options: Options, framework: Framework): GraphLoss;
}

export interface LossLowering {
  discriminator: LossCode;
  generator: LossCode;
  /** Functions the losses call, written before them (a framework's own cross-entropy). */
  helpers?: readonly HelperFunction[];
}

/** A function of the emitted trainer, as a loss entry writes it. */
export interface HelperFunction {
  name: string;
  doc: string;
  parameters: readonly { name: string; type: string }[];
  returnType: string;
  statements: readonly string[];
}

export interface LossConstraint {
  gradientPenalty?: number;
  weightClip?: number;
}

/** D's scores a loss function reads: of the real batch and of G's images. */
export type ScoreInput = 'realScores' | 'fakeScores';

/** The body of `discriminatorLoss(...)` or `generatorLoss(...)`. */
export interface LossCode {
  /** One sentence for the function's comment. */
  summary: string;
  /** The parameters it takes, in order. */
  reads: readonly ScoreInput[];
  statements: readonly string[];
}

/** What a loss's checks see. */
export interface LossCheckContext<Options> {
  options: Options;
  /** Where the option's value is written; undefined when it is not written. */
  valueSpan(option: string): Span | undefined;
  /** Where the loss's kind is written (`bce` in `loss bce`). */
  span?: Span;
  /** "the loss is `bce`", pointing there, for labels. */
  lossLabels: Label[];
  /** D when all of its layers are known. */
  discriminator?: DiscriminatorOutput;
}

export interface DiscriminatorOutput {
  name: string;
  /** The range of D's scores, and the layer that sets it (undefined when none does). */
  range: ValueRange;
  last?: DiscriminatorLayer;
  /** Where to point about D's output: its last range-setting layer, or the network's name. */
  span: Span;
  layers: readonly DiscriminatorLayer[];
}

/** One of D's layers as the loss checks see it: its kind, and where it is written. */
export interface DiscriminatorLayer {
  kind: LayerKind;
  statement: LayerStatement;
}

/** True when D ends in a squashing activation whose values read as probabilities. */
export function endsInProbabilities(d: DiscriminatorOutput): boolean {
  return d.range.low === 0 && d.range.high === 1;
}

/** `sigmoid`, as D's last range-setting layer is written. */
export function lastLayerName(d: DiscriminatorOutput): string {
  return d.last?.kind.name ?? 'linear';
}
