import type { FrameworkDefaults } from '../frameworks.js';
import type { ChosenScheme } from '../init/scheme.js';
import { isTfjsDefault } from '../init/initializers.js';
import type { WeightFacts, WeightRole } from '../init/scheme.js';
import type { Code } from '../lowering/literal.js';
import type { TfjsNode } from '../lowering/tfjs.js';
import type { Shape } from '../shape.js';
import type { RangeEffect } from './range.js';
import type { GraphBuilder, Tensor } from '../graph/builder.js';
import type { CallContext } from '../graph/nn/context.js';
import type { KernelTransform } from '../graph/nn/dense.js';

/**
 * One layer kind of the language. Everything known about a kind lives in its own file
 * (`compiler/layers/<name>.ts`): its options' JSON Schema, its shape rule, its parameter count,
 * what it does to the range of values (which the meaning checks read), the inputs it reads
 * besides the running tensor, and what it lowers to. Adding a layer touches that file and the
 * list in `registry.ts`, nothing else.
 */
export interface LayerKind<Options = Record<string, unknown>> {
  name: string;
  /** One line for `docs/language.md` and "did you mean" lists. */
  summary: string;
  /** Names of the positional arguments, in order. A name starting with `...` takes the rest (as a list). */
  positional: readonly string[];
  /**
   * JSON Schema (draft 2020-12 subset that ajv accepts) of the options object, after positional
   * arguments are named and constants evaluated. Use `additionalProperties: false` and give every
   * option a default where one exists; the checker applies defaults (ajv `useDefaults`).
   */
  schema: object;
  /** Defaults that differ by the spec's framework (batch norm's momentum and epsilon), in place of the schema's own. */
  frameworkDefaults?: FrameworkDefaults;
  /**
   * Calls that show the kind and test it end to end: on each, its shape rule, parameter count and
   * TensorFlow.js lowering must agree with what tfjs builds (test/layers/emitted.test.ts).
   */
  examples: readonly LayerExample[];
  /** True for wrappers whose first option is another layer (`spectral_norm`). */
  wrapsLayer?: boolean;
  /** True for layers with one weight matrix that `spectral_norm` can normalise. */
  normalisable?: boolean;
  /** Inputs the layer reads besides the running tensor: `labels` makes its network conditional. */
  reads?: readonly 'labels'[];
  /** True when one sample's output depends on the other samples of its batch (batch statistics). */
  mixesBatch?: boolean;
  /** True when it subtracts each channel's mean, so a bias just before it is cancelled. */
  centresChannels?: boolean;
  /** What the layer does to the range of the values passing through it. */
  range(options: Options): RangeEffect;
  /** The output shape, or a reason the input or options cannot work. */
  outputShape(input: Shape, options: Options, context: LayerContext): Shape | ShapeProblem;
  /** Parameter counts as Keras / PyTorch report them (batch-norm moving statistics are non-trainable). */
  parameters(input: Shape, options: Options, context: LayerContext): ParameterCount;
  /** The `init` the spec gives it (its option by default; a wrapper's is its inner layer's). */
  chosenInit?(options: Options): ChosenScheme | undefined;
  /** The weights its initialisation schemes draw, with their fans (none for a layer without weights). */
  weights?(input: Shape, options: Options, context: LayerContext): readonly WeightFacts[];
  /** The TensorFlow.js layers it becomes, in order, with its weights' initializers. Called only for a layer whose shape applied. */
  tfjs(input: Shape, options: Options, context: LayerContext, init: Initializers): readonly TfjsNode[];
  /**
   * Its maths as graph ops for the compiled step (`compiler/graph/nn/*`): weights declared with
   * `b.param` in the order tfjs's layers hold them. Absent: the compiled executor cannot run it
   * (a diagnostic, GAN0801). Throws `GraphLoweringError` for options it cannot express.
   */
  graph?(b: GraphBuilder, x: Tensor, input: Shape, options: Options, context: GraphLayerContext): Tensor;
}

/** What a layer's graph lowering knows: the call (training, labels) and the spec's facts. */
export interface GraphLayerContext extends CallContext, LayerContext {
  /** Set by a wrapper (`spectral_norm`) for the layer it wraps. */
  transformKernel?: KernelTransform;
}

/** The initializer of each of a layer's weights, as its scheme chose them. */
export type Initializers = Partial<Record<WeightRole, Code>>;

/**
 * A layer config's initializer entries (`kernelInitializer`, ...) for the weights it has, less
 * those tfjs would draw that way anyway (its defaults are Keras's).
 */
export function initializerConfig(init: Initializers, fields: Partial<Record<WeightRole, string>>): Record<string, Code> {
  const config: Record<string, Code> = {};
  for (const [role, field] of Object.entries(fields) as [WeightRole, string][]) {
    const initializer = init[role];
    if (initializer !== undefined && !isTfjsDefault(role, initializer)) config[field] = initializer;
  }
  return config;
}

/** A call of a layer kind on an input, with the options as written (defaults still to apply). */
export interface LayerExample {
  input: Shape;
  options: Record<string, unknown>;
  /** The class count, for kinds that read labels. */
  classes?: number;
}

/** Facts about the spec that some layers need (label embeddings need the class count). */
export interface LayerContext {
  /** Number of classes when the data has labels; undefined otherwise. */
  classes?: number;
  /** Every layer kind, for wrappers that hold another layer. */
  kinds: ReadonlyMap<string, LayerKind>;
}

export interface ParameterCount {
  trainable: number;
  nonTrainable: number;
}

/**
 * Why a layer cannot apply. `option` names the option the problem is about, so the checker can
 * point at that argument in the source; without it the whole layer is the span.
 */
export interface ShapeProblem {
  problem: 'rank' | 'size' | 'elements' | 'label' | 'other';
  message: string;
  /** What was expected, e.g. "a rank-3 input [batch, height, width, channels]". */
  expected?: string;
  help?: string;
  option?: string;
}

export function isShapeProblem(x: Shape | ShapeProblem): x is ShapeProblem {
  return !Array.isArray(x);
}

/** Parameter counts of a layer without weights. */
export const noParameters: ParameterCount = { trainable: 0, nonTrainable: 0 };
