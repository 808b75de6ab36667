import { constants as osConstants } from 'node:os';
import { onAbandoned } from './parent-watch.js';

/**
 * When a run stops early: after `--steps` G steps, after `--minutes`, on SIGINT / SIGTERM, or
 * once nobody waits for the trainer (`ganc train` ended, the output's reader gone), each
 * finishing the step in hand so the loop can save. A copy of a signal within a second is the
 * same request relayed by a parent (ganc, tsx); a later one stops at once, saving nothing.
 */
export class StopRules {
  /** Why the run should stop early, once something asked it to. */
  reason?: string;
  private readonly deadline?: number;
  private firstSignalAt = 0;
  private unwatchAbandonment?: () => void;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    if (this.firstSignalAt === 0) {
      this.firstSignalAt = Date.now();
      this.reason = signal;
      this.log(`${signal}: saving after this step (send it again to stop at once, saving nothing)`);
    } else if (Date.now() - this.firstSignalAt > 1000) {
      process.exit(128 + (osConstants.signals[signal] ?? 0));
    }
  };

  constructor(
    private readonly limits: { steps?: number; minutes?: number },
    private readonly log: (line: string) => void,
  ) {
    if (limits.minutes !== undefined) this.deadline = Date.now() + limits.minutes * 60_000;
  }

  /** Listens for SIGINT, SIGTERM and abandonment until `release`. */
  listen(): void {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    this.unwatchAbandonment = onAbandoned(({ reason, line }) => {
      if (this.reason !== undefined) return;
      this.reason = reason;
      this.log(line);
    });
  }

  release(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    this.unwatchAbandonment?.();
  }

  /** True once a limit is reached or a signal came, at `step` G steps. */
  stopAt(step: number): boolean {
    if (this.reason === undefined && this.limits.steps !== undefined && step >= this.limits.steps) this.reason = '--steps';
    if (this.reason === undefined && this.deadline !== undefined && Date.now() >= this.deadline) this.reason = '--minutes';
    return this.reason !== undefined;
  }
}
