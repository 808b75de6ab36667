import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Span } from '../../diagnostics/span.js';
import type { SettingsVariant } from '../settings/variant.js';
import type { OptimizerLowering } from '../graph/optimizers.js';

/**
 * One optimizer of the language (`optimizer G adam(...)`). Everything known about it lives in
 * its own file (`compiler/optimizers/<name>.ts`): its options, its checks and the
 * TensorFlow.js optimizer it becomes. Every optimizer takes `lr` and `schedule` (see
 * `common.ts`); the runtime applies the schedule per epoch. Adding one touches that file and
 * `registry.ts`.
 */
export interface OptimizerKind<Options extends OptimizerOptions = OptimizerOptions> extends SettingsVariant {
  /** The TensorFlow.js optimizer at the base learning rate, as an expression. */
  tfjs(options: Options): string;
  /** Its update over a network's flat weights for the compiled step; absent: not compiled (GAN0801). */
  graph?(options: Options): OptimizerLowering;
  /** Suspect values (a learning rate too high for this optimizer). */
  check?(context: OptimizerCheckContext<Options>): Diagnostic[];
}

/** What every optimizer's options hold once checked (see `common.ts`). */
export interface OptimizerOptions {
  lr: number;
  schedule: { kind: string };
}

export interface OptimizerCheckContext<Options> {
  options: Options;
  valueSpan(option: string): Span | undefined;
}
