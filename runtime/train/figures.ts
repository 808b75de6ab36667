import * as tf from '@tensorflow/tfjs';
import type { StepMetrics } from '../program.js';

/** The figures of one training step, read back from the device as plain numbers. */
export interface StepFigures {
  lossD: number;
  lossG: number;
  dReal: number;
  dFakeBefore: number;
  dFakeAfter: number;
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

const ORDER = ['lossD', 'lossG', 'dReal', 'dFakeBefore', 'dFakeAfter', 'accuracyReal', 'accuracyFake'] as const;

/**
 * Reads all of a step's scalars with one device read (each separate read would stall the
 * device once more per step), then disposes them. The read is asynchronous: WebGPU under
 * Node has no synchronous readback.
 */
export async function readStepFigures(metrics: StepMetrics): Promise<StepFigures> {
  for (const key of ORDER) {
    const value = metrics[key];
    if (!(value instanceof tf.Tensor) || value.size !== 1) {
      throw new Error(`the training step returned no scalar for ${key}`);
    }
  }
  const packed = tf.tidy(() => tf.stack(ORDER.map((key) => metrics[key].reshape([]))));
  tf.dispose(ORDER.map((key) => metrics[key]));
  const values = await packed.data();
  packed.dispose();
  const figures = {} as StepFigures;
  ORDER.forEach((key, i) => {
    figures[key] = values[i];
  });
  return figures;
}

/** The seeds' log line: `[epoch/N][iter/M] Loss_D: x Loss_G: y D(x): a D(G(z)): b / c Acc real: r% fake: f%`. */
export function formatLogLine(figures: StepFigures, at: StepPosition): string {
  const f = (x: number) => x.toFixed(4);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return (
    `[${at.epoch}/${at.epochs}][${at.iteration}/${at.iterations}] ` +
    `Loss_D: ${f(figures.lossD)} Loss_G: ${f(figures.lossG)} ` +
    `D(x): ${f(figures.dReal)} D(G(z)): ${f(figures.dFakeBefore)} / ${f(figures.dFakeAfter)} ` +
    `Acc real: ${pct(figures.accuracyReal)} fake: ${pct(figures.accuracyFake)}`
  );
}
