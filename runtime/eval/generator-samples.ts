import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { readGeneratorFacts, resolveCheckpoint } from '../checkpoint/folder.js';
import { loadModelFolder } from '../checkpoint/model-files.js';
import type { GeneratorFacts } from '../checkpoint/state.js';
import { createRng } from '../random.js';
import { labelInput } from '../sample.js';
import { drawLatent } from '../latent.js';

export interface LoadedGenerator {
  /** The checkpoint folder the generator came from. */
  checkpoint: string;
  facts: GeneratorFacts;
  model: tf.LayersModel;
}

/** The generator of a checkpoint folder, or of a run folder's latest checkpoint. */
export async function loadGenerator(source: string): Promise<LoadedGenerator> {
  const checkpoint = resolveCheckpoint(source);
  const facts = readGeneratorFacts(checkpoint);
  const model = await loadModelFolder(join(checkpoint, 'generator'));
  return { checkpoint, facts, model };
}

/**
 * `count` images from the generator (inference mode), rescaled from its output range to [0, 1]
 * (what the classifier takes) and clipped there. Latents come from the spec's distribution,
 * seeded; a conditional generator gets the classes in turn, so every class is asked for equally.
 */
export function generateImages(generator: LoadedGenerator, count: number, seed: number, batchSize = 500): tf.Tensor4D {
  const { facts, model } = generator;
  const latent = drawLatent(facts.latent, count, createRng(seed));
  const [low, high] = facts.range;
  const parts: tf.Tensor4D[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    parts.push(
      tf.tidy(() => {
        const z = tf.tensor2d(latent.subarray(start * facts.latent.size, (start + size) * facts.latent.size), [size, facts.latent.size]);
        const labels = Int32Array.from({ length: size }, (_, i) => (start + i) % facts.classes);
        const output = model.predict(facts.conditional ? [z, labelInput(model, labels)] : z) as tf.Tensor;
        return output.reshape([size, ...facts.shape]).sub(low).div(high - low).clipByValue(0, 1) as tf.Tensor4D;
      }),
    );
  }
  const images = tf.concat(parts) as tf.Tensor4D;
  tf.dispose(parts);
  return images;
}
