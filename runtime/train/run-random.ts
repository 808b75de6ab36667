import type { Rng } from '../random.js';

/**
 * The random generator of the run in progress, for helpers that generated training steps call
 * with a fixed signature (`gradientPenalty` draws its interpolation weights here). The runtime
 * sets it before the first step; a step run outside `runTrainer` must set it itself.
 */
let current: Rng | undefined;

export function setRunRng(rng: Rng | undefined): void {
  current = rng;
}

export function runRng(): Rng {
  if (current === undefined) {
    throw new Error('no run random generator is set: call this from a training step run by runTrainer, or call setRunRng(rng) first');
  }
  return current;
}
