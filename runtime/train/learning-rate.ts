import type * as tf from '@tensorflow/tfjs';
import type { LearningRate, LearningRateSchedule, RunSpec } from '../program.js';

/** The factor a schedule applies to the base rate in `epoch` (0-based) of `epochs`. */
export function scheduleFactor(schedule: LearningRateSchedule, epoch: number, epochs: number): number {
  switch (schedule.kind) {
    case 'constant':
      return 1;
    case 'step':
      return schedule.gamma ** Math.floor(epoch / schedule.every);
    case 'exponential':
      return schedule.gamma ** epoch;
    case 'linear': {
      // The end factor is reached at the last epoch; a one-epoch run never leaves the start.
      const progress = epochs > 1 ? Math.min(epoch / (epochs - 1), 1) : 0;
      return 1 + (schedule.endFactor - 1) * progress;
    }
  }
}

export function learningRateAt(rate: LearningRate, epoch: number, epochs: number): number {
  return rate.base * scheduleFactor(rate.schedule, epoch, epochs);
}

interface SettableRate {
  learningRate?: unknown;
  setLearningRate?: (rate: number) => void;
}

/**
 * TF.js optimizers keep their rate in a protected field read at each update; SGD and momentum
 * also cache it as a tensor, which their `setLearningRate` refreshes.
 */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  const settable = optimizer as unknown as SettableRate;
  if (typeof settable.setLearningRate === 'function') {
    settable.setLearningRate(rate);
  } else if (typeof settable.learningRate === 'number') {
    settable.learningRate = rate;
  } else {
    throw new Error(`cannot set the learning rate of a ${optimizer.getClassName()} optimizer`);
  }
}

/** Sets both optimizers' rates for `epoch` (0-based); returns them for the log. */
export function applyLearningRates(
  spec: Pick<RunSpec, 'learningRates'>,
  optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer },
  epoch: number,
  epochs: number,
): { generator: number; discriminator: number } {
  const generator = learningRateAt(spec.learningRates.generator, epoch, epochs);
  const discriminator = learningRateAt(spec.learningRates.discriminator, epoch, epochs);
  setLearningRate(optimizers.generator, generator);
  setLearningRate(optimizers.discriminator, discriminator);
  return { generator, discriminator };
}
