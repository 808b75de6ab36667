import type { TrainerProgram } from '../program.js';
import type { StepFigures, StepPosition } from '../train/figures.js';
import type { CollapseSettings } from './d-collapse.js';
import { discriminatorCollapseMonitor } from './d-collapse.js';
import type { StallSettings } from './g-stalled.js';
import { generatorStallMonitor } from './g-stalled.js';
import type { Finding, Monitor, MonitorState } from './monitor.js';
import { nonFiniteLossMonitor } from './non-finite.js';

export type { Finding, Monitor, MonitorState } from './monitor.js';
export { DEFAULT_COLLAPSE } from './d-collapse.js';
export { DEFAULT_STALL } from './g-stalled.js';

export interface MonitorSettings {
  collapse?: CollapseSettings;
  stall?: StallSettings;
}

/** The monitors that all watch every step of a run, in the order they report. */
export class Monitors {
  constructor(private readonly monitors: readonly Monitor[]) {}

  observe(figures: StepFigures, at: StepPosition): Finding[] {
    const findings: Finding[] = [];
    for (const monitor of this.monitors) {
      const finding = monitor.observe(figures, at);
      if (finding) findings.push(finding);
    }
    return findings;
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
 * an unbounded critic (Wasserstein, hinge) gets only the NaN check.
 */
export function monitorsFor(scores: TrainerProgram['scores'], settings: MonitorSettings = {}): Monitors {
  const monitors: Monitor[] = [nonFiniteLossMonitor()];
  if (scores !== 'critic') {
    monitors.push(discriminatorCollapseMonitor(settings.collapse), generatorStallMonitor(settings.stall));
  }
  return new Monitors(monitors);
}
