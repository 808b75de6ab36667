import type { StepFigures, StepPosition } from '../train/figures.js';

/** What a monitor found: a warning the run survives, or a fatal problem that stops it. */
export interface Finding {
  monitor: string;
  severity: 'warning' | 'fatal';
  message: string;
}

/**
 * Watches the figures of every step. Monitors keep counters across steps; `state` and
 * `restore` carry them through a checkpoint so a resumed run warns exactly when an
 * uninterrupted one would.
 */
export interface Monitor {
  name: string;
  observe(figures: StepFigures, at: StepPosition): Finding | undefined;
  state(): MonitorState;
  restore(state: MonitorState): void;
}

export type MonitorState = Record<string, number | boolean>;

/** `epoch 3, iteration 17 (step 273)`. */
export function describePosition(at: StepPosition): string {
  return `epoch ${at.epoch}, iteration ${at.iteration} (step ${at.step})`;
}
