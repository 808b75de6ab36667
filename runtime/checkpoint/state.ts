import type { DataSpec, LatentSpec, SamplesSpec } from '../program.js';
import type { RngState } from '../random.js';

export const CHECKPOINT_FORMAT = 2;

/** A monitor's counters, as a checkpoint keeps them. */
export type MonitorState = Record<string, number | boolean>;

/**
 * Everything besides weights that a resumed run needs to draw exactly what the uninterrupted
 * run would have drawn, and that `ganc sample` needs to use the generator on its own.
 */
export interface TrainingState {
  format: typeof CHECKPOINT_FORMAT;
  name: string;
  /** The epoch (0-based) to run next, and how many of its iterations are already done. */
  epoch: number;
  iteration: number;
  /** G steps run so far. */
  step: number;
  epochs: number;
  iterationsPerEpoch: number;
  batchSize: number;
  limit: number | null;
  seed: number;
  /** An iteration's noise is Philox keyed by seed and step, so only the data order is a saved stream. */
  rng: {
    /** The data generator as it was when the current epoch began (the shuffle is redrawn from it). */
    dataAtEpochStart: RngState;
  };
  fixedNoise: { latent: number[]; labels: number[] | null };
  history: { lossD: number[]; lossG: number[] };
  monitors: Record<string, MonitorState>;
  generator: GeneratorFacts;
}

/** What it takes to draw images from the saved generator alone. */
export interface GeneratorFacts {
  latent: LatentSpec;
  conditional: boolean;
  classes: number;
  range: DataSpec['range'];
  shape: DataSpec['shape'];
  samples: SamplesSpec;
  /**
   * The data set the generator was trained on: where it came from and how it was scaled.
   * `sample` and `eval` take it as their default; checkpoints written before it was recorded lack it.
   */
  dataset?: RecordedDataset;
}

/** The data set a checkpoint records (`data` as the spec and the trainer's flags gave it). */
export interface RecordedDataset {
  source: DataSpec['source'];
  /** The folder read (images, or an IDX folder given by `path` or `--data-dir`); absent for a bundled set. */
  path?: string;
  range: DataSpec['range'];
  shape: DataSpec['shape'];
  classes: number;
}
