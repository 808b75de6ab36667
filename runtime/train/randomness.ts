import { createRng, restoreRng, type Rng } from '../random.js';
import type { TrainingState } from '../checkpoint/state.js';

/**
 * The run's sequential random streams, from one seed: initial weights and the data order. Each
 * is handed explicitly to what draws from it, and the data stream is saved so a resumed run
 * redraws its epoch's order. An iteration's noise (latents, dropout masks, gradient-penalty
 * mixes) is not a stream: it is Philox keyed by seed, step and site (`philoxDraws` in
 * ./draws.ts), the same on both executors.
 */
export interface RunRandomness {
  /** Initial weights: one seed per weight, in order. */
  build: Rng;
  /** Shuffles and flips. */
  data: Rng;
}

/**
 * Stream k of seed s is seeded with 4s + k (createRng mixes them), as when latents and masks were
 * streams 2 and 3: the data order stays the one scripts/parity/seed_a_torch.py reproduces.
 */
const STREAMS = { build: 0, data: 1 } as const;
const STREAM_STRIDE = 4;

export function runRandomness(seed: number): RunRandomness {
  return { build: createRng(seed * STREAM_STRIDE + STREAMS.build), data: createRng(seed * STREAM_STRIDE + STREAMS.data) };
}

/** The streams as a checkpoint left them; the data stream restarts at its epoch's start. */
export function restoreRandomness(seed: number, saved: TrainingState['rng']): RunRandomness {
  return { build: runRandomness(seed).build, data: restoreRng(saved.dataAtEpochStart) };
}
