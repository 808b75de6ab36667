import type { MonitorState } from '../checkpoint/state.js';
import type { StepFigures, StepPosition } from '../figures.js';

export type { MonitorState } from '../checkpoint/state.js';

/** What a monitor found: a warning the run survives, or a fatal problem that stops it. */
export interface Finding {
  monitor: string;
  severity: 'warning' | 'fatal';
  message: string;
}

/** The end of an epoch as monitors see it: G's fixed-noise samples then, laid end to end. */
export interface EpochEnd {
  /** The epoch just completed, counted from 1. */
  epoch: number;
  samples: Float32Array;
  count: number;
}

/**
 * A callback of the training loop (Keras-style): it watches the figures of every step, or the
 * samples at each epoch's end, or both. Monitors keep counters across steps; `state` and
 * `restore` carry them through a checkpoint so a resumed run warns exactly when an
 * uninterrupted one would.
 */
export interface Monitor {
  name: string;
  onStep?(figures: StepFigures, at: StepPosition): Finding | undefined;
  onEpochEnd?(end: EpochEnd): Finding | undefined;
  state(): MonitorState;
  restore(state: MonitorState): void;
}

/** `epoch 3, iteration 17 (step 273)`. */
export function describePosition(at: StepPosition): string {
  return `epoch ${at.epoch}, iteration ${at.iteration} (step ${at.step})`;
}
