import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { checkpointName, CHECKPOINTS_FOLDER } from '../../../runtime/checkpoint/folder.js';
import { modelPrint } from '../../../runtime/checkpoint/fingerprint.js';
import { writeManifest } from '../../../runtime/checkpoint/manifest.js';
import { saveModelFolder } from '../../../runtime/checkpoint/model-files.js';
import { CHECKPOINT_FORMAT, type TrainingState } from '../../../runtime/checkpoint/state.js';
import { createRng } from '../../../runtime/random.js';

export const TINY_LATENT = 8;

/** An untrained tanh generator, z [batch, 8] (and labels [batch, 1] when conditional) -> [batch, 28, 28, 1]. */
function tinyGenerator(conditional: boolean): tf.LayersModel {
  const z = tf.input({ shape: [TINY_LATENT], name: 'z' });
  let hidden: tf.SymbolicTensor = z;
  const inputs = [z];
  if (conditional) {
    const labels = tf.input({ shape: [1], name: 'labels' });
    inputs.push(labels);
    const embedded = tf.layers.flatten().apply(tf.layers.embedding({ inputDim: 10, outputDim: 4 }).apply(labels)) as tf.SymbolicTensor;
    hidden = tf.layers.concatenate().apply([z, embedded]) as tf.SymbolicTensor;
  }
  const pixels = tf.layers.dense({ units: 784, activation: 'tanh' }).apply(hidden) as tf.SymbolicTensor;
  const images = tf.layers.reshape({ targetShape: [28, 28, 1] }).apply(pixels) as tf.SymbolicTensor;
  return tf.model({ inputs, outputs: images });
}

/** A run folder holding one checkpoint with a tiny generator, laid out as the trainer writes it. */
export async function writeTinyRun(conditional: boolean): Promise<{ run: string; checkpoint: string }> {
  const run = mkdtempSync(join(tmpdir(), 'ganc-eval-'));
  const checkpoint = join(run, CHECKPOINTS_FOLDER, checkpointName(10));
  const model = tinyGenerator(conditional);
  await saveModelFolder(model, join(checkpoint, 'generator'));
  const generatorPrint = modelPrint(model);
  model.dispose();
  const rng = createRng(1).state();
  const state: TrainingState = {
    format: CHECKPOINT_FORMAT,
    name: 'tiny',
    epoch: 1,
    iteration: 0,
    step: 10,
    epochs: 1,
    iterationsPerEpoch: 10,
    batchSize: 8,
    limit: 80,
    seed: 0,
    rng: { dataAtEpochStart: rng },
    fixedNoise: { latent: [], labels: null },
    history: { lossD: [], lossG: [] },
    monitors: {},
    generator: {
      latent: { size: TINY_LATENT, distribution: 'normal', mean: 0, stddev: 1 },
      conditional,
      classes: 10,
      range: [-1, 1],
      shape: [28, 28, 1],
      samples: { count: 16, rows: 4, cols: 4, everyEpochs: 1 },
    },
  };
  writeFileSync(join(checkpoint, 'state.json'), JSON.stringify(state));
  writeManifest(checkpoint, { name: 'tiny', networks: { generator: generatorPrint } });
  return { run, checkpoint };
}
