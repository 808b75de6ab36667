import type { ScoreReading } from '../program.js';
import type { StepFigures, StepPosition } from '../figures.js';
import { discriminatorAtChanceMonitor, type ChanceSettings } from './d-at-chance.js';
import type { StallSettings } from './g-stalled.js';
import { generatorStallMonitor } from './g-stalled.js';
import type { EpochEnd, Finding, Monitor, MonitorState } from './monitor.js';
import { sampleSpreadMonitor } from './sample-spread.js';
import { nonFiniteLossMonitor } from './non-finite.js';

export type { EpochEnd, Finding, Monitor, MonitorState } from './monitor.js';
export { DEFAULT_CHANCE } from './d-at-chance.js';
export { DEFAULT_STALL } from './g-stalled.js';

export interface MonitorSettings {
  chance?: ChanceSettings;
  stall?: StallSettings;
}

/** The monitors that watch a run, in the order they report. */
export class Monitors {
  constructor(private readonly monitors: readonly Monitor[]) {}

  onStep(figures: StepFigures, at: StepPosition): Finding[] {
    return this.monitors.flatMap((monitor) => monitor.onStep?.(figures, at) ?? []);
  }

  onEpochEnd(end: EpochEnd): Finding[] {
    return this.monitors.flatMap((monitor) => monitor.onEpochEnd?.(end) ?? []);
  }

  state(): Record<string, MonitorState> {
    return Object.fromEntries(this.monitors.map((m) => [m.name, m.state()]));
  }

  restore(states: Record<string, MonitorState>): void {
    for (const monitor of this.monitors) {
      const state = states[monitor.name];
      if (state) monitor.restore(state);
    }
  }
}

/**
 * Accuracy and "D(G(z)) near 0" only mean something when D's output reads as a probability;
 * an unbounded critic (Wasserstein, hinge) gets the NaN check and the sample spread.
 * `realSpread` is the mean distance between two real images, the samples' yardstick.
 */
export function monitorsFor(scores: ScoreReading, realSpread: number, settings: MonitorSettings = {}): Monitors {
  const monitors: Monitor[] = [nonFiniteLossMonitor()];
  if (scores !== 'critic') {
    monitors.push(discriminatorAtChanceMonitor(settings.chance), generatorStallMonitor(settings.stall));
  }
  monitors.push(sampleSpreadMonitor(realSpread));
  return new Monitors(monitors);
}
