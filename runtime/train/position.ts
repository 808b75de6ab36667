import type { RngState } from '../random.js';

export interface RunSettings {
  epochs: number;
  batchSize: number;
  limit: number | undefined;
  seed: number;
  /** Stop once this many G steps have run in all. */
  steps: number | undefined;
  /** Stop once this many minutes of this process's training have passed. */
  minutes: number | undefined;
  /** Real batches one step pulls: d_steps, or 1 for simultaneous updates. */
  batchesPerStep: number;
  iterationsPerEpoch: number;
}

/** Where the run stands; what a checkpoint saves besides weights. */
export interface Progress {
  epoch: number;
  iteration: number;
  step: number;
  dataAtEpochStart: RngState;
  history: { lossD: number[]; lossG: number[] };
}
