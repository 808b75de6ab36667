import type { Shape } from '../shape.js';

/**
 * One layer kind of the language. Everything about a kind lives in its own file
 * (`compiler/layers/<name>.ts`): its options' JSON Schema, its shape rule, its parameter
 * count and the TensorFlow.js layers it becomes. Adding a layer touches that file and the
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
  /** True for wrappers whose first option is another layer (`spectral_norm`). */
  wrapsLayer?: boolean;
  /** The output shape, or a reason the input or options cannot work. */
  outputShape(input: Shape, options: Options, context: LayerContext): Shape | ShapeProblem;
  /** Parameter counts as Keras / PyTorch report them (batch-norm moving statistics are non-trainable). */
  parameters(input: Shape, options: Options, context: LayerContext): ParameterCount;
  /** What the layer becomes in the emitted TensorFlow.js model, in order. */
  emit(input: Shape, options: Options, context: LayerContext): EmittedOp[];
}

/** Facts about the spec that some layers need (label embeddings need the class count). */
export interface LayerContext {
  /** Number of classes when the data has labels; undefined otherwise. */
  classes?: number;
  /** For wrappers: resolves an inner layer call's kind. */
  kindOf(name: string): LayerKind | undefined;
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

/** A JSON-like value that the emitter writes as a literal. */
export type ConfigValue = number | string | boolean | null | readonly ConfigValue[] | { readonly [key: string]: ConfigValue };

/**
 * One step of the emitted model, applied to the running tensor `x`:
 * - `layer`: `x = <factory>(<config>).apply(x)`, e.g. factory `tf.layers.dense`. Factories from
 *   the runtime are spelled `gan.<name>` (the generated file imports the runtime as `gan`).
 * - `joinLabel`: embed the integer class label and concatenate it to `x` on the last axis;
 *   `reshape` (if given) turns the embedding into [h, w, c] before joining image channels.
 */
export type EmittedOp =
  | { op: 'layer'; factory: string; config: { readonly [key: string]: ConfigValue } }
  | { op: 'joinLabel'; classes: number; embeddingSize: number; reshape?: readonly number[] };
