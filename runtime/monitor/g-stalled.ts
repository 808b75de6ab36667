import type { Monitor } from './monitor.js';
import { describePosition } from './monitor.js';

export interface StallSettings {
  /** D(G(z)) at or below this counts as "pinned near 0". */
  maxFakeScore: number;
  /** Consecutive steps before the warning. */
  patience: number;
}

export const DEFAULT_STALL: StallSettings = { maxFakeScore: 0.01, patience: 200 };

/**
 * D(G(z)) pinned near 0: D rejects every fake with certainty, G's gradient vanishes and G stops
 * improving. Said once per run.
 */
export function generatorStallMonitor(settings: StallSettings = DEFAULT_STALL): Monitor {
  let streak = 0;
  let reported = false;
  return {
    name: 'generator stalled',
    onStep(figures, at) {
      streak = figures.dFakeBefore <= settings.maxFakeScore ? streak + 1 : 0;
      if (reported || streak < settings.patience) return undefined;
      reported = true;
      return {
        monitor: this.name,
        severity: 'warning',
        message:
          `G is not learning (${describePosition(at)}): D(G(z)) has stayed at or below ${settings.maxFakeScore} for ${streak} steps in a row, ` +
          `so D rejects every fake and G's gradient has all but vanished; a lower D learning rate, fewer d_steps or label smoothing usually help`,
      };
    },
    state: () => ({ streak, reported }),
    restore(state) {
      streak = Number(state.streak ?? 0);
      reported = Boolean(state.reported);
    },
  };
}
