import { resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { saveCheckpoint } from '../checkpoint/folder.js';
import { CHECKPOINT_FORMAT, type TrainingState } from '../checkpoint/state.js';
import type { Monitors } from '../monitor/index.js';
import type { Optimizers, RunSpec } from '../program.js';
import type { FixedNoise } from './artefacts.js';
import type { Progress, RunSettings } from './position.js';
import type { RunRandomness } from './randomness.js';

/** What a checkpoint holds besides the weights, gathered from the parts of the run that own it. */
export interface CheckpointSources {
  spec: RunSpec;
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel };
  optimizers: Optimizers;
  randomness: RunRandomness;
  monitors: Monitors;
  settings: RunSettings;
  fixedNoise: FixedNoise;
  runFolder: string;
  /** The folder the data came from; undefined for a bundled set. */
  dataPath: string | undefined;
}

/** Saves the run as it stands after `position`; returns the checkpoint's folder. */
export async function writeCheckpoint(sources: CheckpointSources, position: Progress): Promise<string> {
  const { spec, models, optimizers, randomness, monitors, settings, fixedNoise, runFolder, dataPath } = sources;
  const state: TrainingState = {
    format: CHECKPOINT_FORMAT,
    name: spec.name,
    epoch: position.epoch,
    iteration: position.iteration,
    step: position.step,
    epochs: settings.epochs,
    iterationsPerEpoch: settings.iterationsPerEpoch,
    batchSize: settings.batchSize,
    limit: settings.limit ?? null,
    seed: settings.seed,
    rng: {
      // At an epoch boundary the next epoch starts from the data stream as it is now.
      dataAtEpochStart: position.iteration === 0 ? randomness.data.state() : position.dataAtEpochStart,
    },
    fixedNoise: { latent: Array.from(fixedNoise.latent), labels: fixedNoise.labels ? Array.from(fixedNoise.labels) : null },
    history: position.history,
    monitors: monitors.state(),
    generator: {
      latent: spec.latent,
      conditional: models.generator.inputs.length > 1,
      classes: spec.data.classes,
      range: spec.data.range,
      shape: spec.data.shape,
      samples: spec.samples,
      dataset: { source: spec.data.source, ...(dataPath === undefined ? {} : { path: resolve(dataPath) }), range: spec.data.range, shape: spec.data.shape, classes: spec.data.classes },
    },
  };
  return saveCheckpoint(runFolder, { ...models, optimizers, state, scores: spec.scores });
}
