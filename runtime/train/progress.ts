import { MultiBar, Presets } from 'cli-progress';

/**
 * One progress bar per epoch with it/s and ETA when stdout is a terminal; log lines print
 * above the bar. When stdout is a file or pipe, bars would only fill it with control codes,
 * so the log lines print plainly and each epoch ends with a one-line summary.
 */
export class EpochProgress {
  private bars?: MultiBar;
  private bar?: ReturnType<MultiBar['create']>;
  private startedAt = 0;
  private firstIteration = 0;
  private iteration = 0;
  private label = '';
  private redrawnAt = 0;

  constructor(private readonly interactive: boolean = process.stdout.isTTY === true) {}

  start(epoch: number, epochs: number, iterations: number, startAt: number): void {
    this.label = `epoch ${epoch}/${epochs}`;
    this.startedAt = performance.now();
    this.firstIteration = startAt;
    this.iteration = startAt;
    if (!this.interactive) return;
    this.bars = new MultiBar(
      {
        format: '{label} [{bar}] {value}/{total} | {rate} it/s | ETA {eta_formatted}',
        stream: process.stdout,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    this.bar = this.bars.create(iterations, startAt, { label: this.label, rate: '-' });
  }

  tick(iteration: number): void {
    this.iteration = iteration;
    this.bar?.update(iteration, { rate: this.rate().toFixed(1) });
    // Fast steps would spend their time drawing: at most ten redraws a second.
    if (performance.now() - this.redrawnAt >= 100) this.redraw();
  }

  log(line: string): void {
    if (!this.bars) {
      process.stdout.write(`${line}\n`);
      return;
    }
    this.bars.log(`${line}\n`);
    this.redraw();
  }

  /**
   * cli-progress redraws (and prints logged lines) from a timer, which never fires while a
   * synchronous training step holds the event loop: redraw by hand instead.
   */
  private redraw(): void {
    this.redrawnAt = performance.now();
    this.bars?.update();
  }

  end(): void {
    if (this.bars) {
      this.bars.stop();
      this.bars = undefined;
      this.bar = undefined;
      return;
    }
    const done = this.iteration - this.firstIteration;
    const seconds = (performance.now() - this.startedAt) / 1000;
    process.stdout.write(`${this.label}: ${done} iterations in ${seconds.toFixed(1)} s (${this.rate().toFixed(1)} it/s)\n`);
  }

  private rate(): number {
    const seconds = (performance.now() - this.startedAt) / 1000;
    return seconds > 0 ? (this.iteration - this.firstIteration) / seconds : 0;
  }
}
