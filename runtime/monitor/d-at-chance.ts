import type { Monitor } from './monitor.js';
import { describePosition } from './monitor.js';

export interface ChanceSettings {
  /** Steps before the monitor watches: every D starts at chance. */
  warmUp: number;
  /** Both accuracies within this of 50%, and D(x), D(G(z)) within this of 0.5, count as "at chance". */
  band: number;
  /** Consecutive steps at chance before the warning. */
  patience: number;
}

export const DEFAULT_CHANCE: ChanceSettings = { warmUp: 200, band: 0.1, patience: 100 };

/**
 * D at chance long after it should have left it: it scores real and fake images alike, near 0.5,
 * and sorts them no better than a coin, so G learns from noise. (Seed B1's report read its end
 * state as "D collapsed at 50% / 50% with loss 0.003"; that cannot happen: a least-squares loss
 * of 0.003 on sigmoid scores needs about 99% accuracy. A D at chance has its loss at the chance
 * value instead, 0.5 for least squares and 1.39 for BCE, so the scores, not the loss, tell.)
 * Said once per run.
 */
export function discriminatorAtChanceMonitor(settings: ChanceSettings = DEFAULT_CHANCE): Monitor {
  let streak = 0;
  let reported = false;
  const near = (x: number, centre: number) => Math.abs(x - centre) <= settings.band;
  return {
    name: 'discriminator at chance',
    onStep(figures, at) {
      const atChance =
        near(figures.accuracyReal, 0.5) && near(figures.accuracyFake, 0.5) && near(figures.dReal, 0.5) && near(figures.dFakeBefore, 0.5);
      streak = atChance && at.step > settings.warmUp ? streak + 1 : 0;
      if (reported || streak < settings.patience) return undefined;
      reported = true;
      const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
      return {
        monitor: this.name,
        severity: 'warning',
        message:
          `D is at chance (${describePosition(at)}): for ${streak} steps it has scored real and fake images alike ` +
          `(D(x) ${figures.dReal.toFixed(2)}, D(G(z)) ${figures.dFakeBefore.toFixed(2)}) and called only ${pct(figures.accuracyReal)} of real ` +
          `and ${pct(figures.accuracyFake)} of fake images right, so G learns from noise; a D that never leaves chance usually has ` +
          'too low a learning rate or dead units',
      };
    },
    state: () => ({ streak, reported }),
    restore(state) {
      streak = Number(state.streak ?? 0);
      reported = Boolean(state.reported);
    },
  };
}
