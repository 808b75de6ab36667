/** The figures of one training step, read back from the device as plain numbers. */
export interface StepFigures {
  lossD: number;
  lossG: number;
  /** Mean D(x) on the real batch. */
  dReal: number;
  /** Mean D(G(z)) in D's step (before D's update), and in G's step (after it; absent when both update at once). */
  dFakeBefore: number;
  dFakeAfter?: number;
  /** Fraction of real images D calls real, and of G's images D calls fake. */
  accuracyReal: number;
  accuracyFake: number;
}

/** Where a step sits in the run; epoch and iteration count from 1, as the log prints them. */
export interface StepPosition {
  epoch: number;
  epochs: number;
  iteration: number;
  iterations: number;
  /** G steps run so far in the whole run, this one included. */
  step: number;
}

/** The seeds' log line: `[epoch/N][iter/M] Loss_D: x Loss_G: y D(x): a D(G(z)): b / c Acc real: r% fake: f%`. */
export function formatLogLine(figures: StepFigures, at: StepPosition): string {
  const f = (x: number) => x.toFixed(4);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const fake = figures.dFakeAfter === undefined ? f(figures.dFakeBefore) : `${f(figures.dFakeBefore)} / ${f(figures.dFakeAfter)}`;
  return (
    `[${at.epoch}/${at.epochs}][${at.iteration}/${at.iterations}] ` +
    `Loss_D: ${f(figures.lossD)} Loss_G: ${f(figures.lossG)} ` +
    `D(x): ${f(figures.dReal)} D(G(z)): ${fake} ` +
    `Acc real: ${pct(figures.accuracyReal)} fake: ${pct(figures.accuracyFake)}`
  );
}
