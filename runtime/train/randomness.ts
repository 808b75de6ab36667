import { createRng, restoreRng, type Rng } from '../random.js';
import type { TrainingState } from '../checkpoint/state.js';

/**
 * The run's independent random streams, all from one seed. Kept apart so that each can be
 * saved and replayed on its own: the data stream is rewound to the start of an epoch on
 * resume, while the others continue from the exact step.
 */
export interface RunRandomness {
  /** Initial weights (drawn through Math.random while the models are built). */
  build: Rng;
  /** Shuffles and flips. */
  data: Rng;
  /** Latents, labels, gradient-penalty mixes, the fixed sample noise. */
  noise: Rng;
  /** Math.random during training steps (dropout masks). */
  math: Rng;
}

const STREAMS = ['build', 'data', 'noise', 'math'] as const;

export function runRandomness(seed: number): RunRandomness {
  // Distinct seeds per stream; createRng mixes them, so neighbouring seeds give unrelated streams.
  const [build, data, noise, math] = STREAMS.map((_, i) => createRng(seed * STREAMS.length + i));
  return { build, data, noise, math };
}

/** The streams as a checkpoint left them; the data stream restarts at its epoch's start. */
export function restoreRandomness(seed: number, saved: TrainingState['rng']): RunRandomness {
  return {
    build: runRandomness(seed).build,
    data: restoreRng(saved.dataAtEpochStart),
    noise: restoreRng(saved.noise),
    math: restoreRng(saved.math),
  };
}
