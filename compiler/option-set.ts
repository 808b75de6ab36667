import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import type { Evaluator, Value } from './evaluate.js';
import type { Framework } from './frameworks.js';

/**
 * The types option checking shares between `options.ts` (naming, evaluating, validating) and
 * `option-problems.ts` (ajv's errors in the user's terms); here so neither imports the other.
 */

/**
 * One set of options as the user writes them: a layer (`conv2d(64, stride = 2)`) or a settings
 * statement (`optimizer G adam(lr = 2e-4)`). Layers and settings share one validator.
 */
export interface OptionSet {
  /** How the user refers to it in messages: `conv2d`, `optimizer adam`, `train`. */
  title: string;
  /** Names of the positional arguments in order; `...name` takes the rest as a list. */
  positional: readonly string[];
  /** JSON Schema of the options object; defaults are applied from it. */
  schema: object;
  /**
   * Options whose value is a call to something with options of its own (a schedule, a wrapped
   * layer). The resolver checks it and returns the JSON the schema sees, or undefined after
   * reporting why it cannot.
   */
  nested?: Readonly<Record<string, (value: Value) => unknown>>;
}

export interface CheckedOptions {
  /** The options after positional naming, evaluation and defaults. */
  values: Record<string, unknown>;
  /** Where each given option's value is written (for later diagnostics about it). */
  valueSpans: ReadonlyMap<string, Span>;
  /** False when any diagnostic was reported about these options. */
  ok: boolean;
}

export interface OptionContext {
  evaluator: Evaluator;
  diagnostics: Diagnostic[];
  /** The framework the spec declares: its defaults fill options the spec leaves out. */
  framework: Framework;
}
