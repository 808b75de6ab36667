import type { Monitor } from './monitor.js';
import { describePosition } from './monitor.js';

/** A NaN or infinite loss: the weights are lost from this step on, so the run must stop. */
export function nonFiniteLossMonitor(): Monitor {
  return {
    name: 'non-finite loss',
    onStep(figures, at) {
      const bad = (['lossD', 'lossG'] as const).filter((key) => !Number.isFinite(figures[key]));
      if (bad.length === 0) return undefined;
      const what = bad.map((key) => `${key === 'lossD' ? 'Loss_D' : 'Loss_G'} is ${figures[key]}`).join(' and ');
      return {
        monitor: this.name,
        severity: 'fatal',
        message: `${what} at ${describePosition(at)}: training stopped (a learning rate too high for the loss, or an unbounded critic score, usually causes this)`,
      };
    },
    state: () => ({}),
    restore: () => undefined,
  };
}
