import { createRng, restoreRng, type Rng } from '../random.js';
import type { TrainingState } from '../checkpoint/state.js';

/**
 * The run's independent random streams, all from one seed: the one place the run's randomness
 * comes from, each stream handed explicitly to what draws from it. Kept apart so that each can
 * be saved and replayed on its own: the data stream is rewound to the start of an epoch on
 * resume, while the others continue from the exact step.
 */
export interface RunRandomness {
  /** Initial weights: one seed per weight, in order. */
  build: Rng;
  /** Shuffles and flips. */
  data: Rng;
  /** Latents, gradient-penalty mixes, the fixed sample noise. */
  noise: Rng;
  /** Dropout masks. */
  masks: Rng;
}

const STREAMS = ['build', 'data', 'noise', 'masks'] as const;

export function runRandomness(seed: number): RunRandomness {
  // Distinct seeds per stream; createRng mixes them, so neighbouring seeds give unrelated streams.
  const [build, data, noise, masks] = STREAMS.map((_, i) => createRng(seed * STREAMS.length + i));
  return { build, data, noise, masks };
}

/** The streams as a checkpoint left them; the data stream restarts at its epoch's start. */
export function restoreRandomness(seed: number, saved: TrainingState['rng']): RunRandomness {
  return {
    build: runRandomness(seed).build,
    data: restoreRng(saved.dataAtEpochStart),
    noise: restoreRng(saved.noise),
    masks: restoreRng(saved.masks),
  };
}
