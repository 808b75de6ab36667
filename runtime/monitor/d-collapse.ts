import type { Monitor } from './monitor.js';
import { describePosition } from './monitor.js';

export interface CollapseSettings {
  /** Loss_D at or below this counts as "near 0". */
  maxLoss: number;
  /** Both accuracies within this distance of 50% count as "a coin toss". */
  accuracyBand: number;
  /** Consecutive steps the pattern must hold before the warning. */
  patience: number;
}

export const DEFAULT_COLLAPSE: CollapseSettings = { maxLoss: 0.01, accuracyBand: 0.1, patience: 10 };

/**
 * D's loss near 0 while it sorts real and fake images no better than chance (seed B1 ended at
 * Loss_D 0.003 with 50% / 50% and its report did not notice). The loss no longer measures
 * D's job, so G trains against noise. Said once per run.
 */
export function discriminatorCollapseMonitor(settings: CollapseSettings = DEFAULT_COLLAPSE): Monitor {
  let streak = 0;
  let reported = false;
  const nearHalf = (x: number) => Math.abs(x - 0.5) <= settings.accuracyBand;
  return {
    name: 'discriminator collapse',
    onStep(figures, at) {
      const collapsed = figures.lossD <= settings.maxLoss && nearHalf(figures.accuracyReal) && nearHalf(figures.accuracyFake);
      streak = collapsed ? streak + 1 : 0;
      if (reported || streak < settings.patience) return undefined;
      reported = true;
      const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
      return {
        monitor: this.name,
        severity: 'warning',
        message:
          `D has collapsed (${describePosition(at)}): Loss_D is ${figures.lossD.toPrecision(2)} ` +
          `but D calls only ${pct(figures.accuracyReal)} of real and ${pct(figures.accuracyFake)} of fake images correctly, ` +
          `no better than chance, for ${streak} steps in a row; its loss no longer measures real against fake, so G learns nothing useful`,
      };
    },
    state: () => ({ streak, reported }),
    restore(state) {
      streak = Number(state.streak ?? 0);
      reported = Boolean(state.reported);
    },
  };
}
