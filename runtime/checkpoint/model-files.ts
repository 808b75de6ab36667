import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolder, writeFileChecked } from '../files.js';
// Custom layers must be registered before a model that holds them can load.
import '../layers/spectral-norm.js';
import { CheckpointError } from './error.js';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

/**
 * Writes `model` into `folder` in the TF.js layers format: `model.json` (topology plus weights
 * manifest) and `weights.bin`, as `tf.loadLayersModel('file://…/model.json')` under tfjs-node
 * expects. The caller makes the folder's appearance atomic.
 */
export async function saveModelFolder(model: tf.LayersModel, folder: string): Promise<void> {
  makeFolder(folder);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const manifest: tf.io.WeightsManifestConfig = [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }];
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: manifest,
      };
      writeFileChecked(join(folder, MODEL_FILE), JSON.stringify(json));
      writeFileChecked(join(folder, WEIGHTS_FILE), Buffer.from(tf.io.CompositeArrayBuffer.join(artifacts.weightData)));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/** An IOHandler that reads a saved model folder, for `tf.loadLayersModel(modelFolderHandler(dir))`. */
export function modelFolderHandler(folder: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(join(folder, MODEL_FILE), 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = manifest.flatMap((group) =>
          group.paths.map((path) => {
            const bytes = readFileSync(join(folder, path));
            return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
          }),
        );
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/** Loads a saved model; a folder tfjs cannot read (missing or malformed files) is a CheckpointError naming it, not a crash. */
export async function loadModelFolder(folder: string): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(modelFolderHandler(folder));
  } catch (error) {
    throw new CheckpointError(`${folder}: cannot load the model: ${(error as Error).message}`);
  }
}

/**
 * Copies a saved model's weights into `model` (built by the program), by position. Checks the
 * two hold the same weights first, so a checkpoint of another spec fails with a clear message.
 */
export async function restoreModelWeights(model: tf.LayersModel, folder: string, role: string): Promise<void> {
  const saved = await loadModelFolder(folder);
  try {
    const mine = model.weights;
    const theirs = saved.weights;
    const describe = (ws: typeof mine) => ws.map((w) => `[${w.shape.join(', ')}]`).join(' ');
    const same = mine.length === theirs.length && mine.every((w, i) => tf.util.arraysEqual(w.shape as number[], theirs[i].shape as number[]));
    if (!same) {
      throw new CheckpointError(
        `the checkpoint's ${role} (${folder}) does not match this trainer's ${role}: ` +
          `weights ${describe(theirs)} in the checkpoint, ${describe(mine)} here`,
      );
    }
    model.setWeights(saved.getWeights());
  } finally {
    saved.dispose();
  }
}
