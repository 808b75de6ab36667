import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { readGeneratorFacts, resolveCheckpoint } from './checkpoint/folder.js';
import { loadModelFolder } from './checkpoint/model-files.js';
import type { GeneratorFacts } from './checkpoint/state.js';
import { writeFileAtomic } from './files.js';
import { encodeImageGrid } from './images/grid.js';
import { createRng } from './random.js';
import { drawLatent } from './latent.js';

/** Labels shaped and typed as the model's label input wants them ([n] or [n, 1], int32 or float32). */
export function labelInput(model: tf.LayersModel, labels: Int32Array): tf.Tensor {
  const input = model.inputs[1];
  if (!input) throw new SampleError('the generator takes no label input, but labels were given');
  const shape = [labels.length, ...input.shape.slice(1).map((size) => size ?? 1)];
  return tf.tensor(labels, shape, input.dtype === 'int32' ? 'int32' : 'float32');
}

/** The generator's images (inference mode) for the given latents (and labels, for conditional models). */
export async function generateImages(
  generator: tf.LayersModel,
  latent: Float32Array,
  labels: Int32Array | null,
  latentSize: number,
): Promise<Float32Array> {
  const count = latent.length / latentSize;
  const pixels = tf.tidy(() => {
    const z = tf.tensor2d(latent, [count, latentSize]);
    const inputs = labels ? [z, labelInput(generator, labels)] : z;
    return generator.predict(inputs) as tf.Tensor;
  });
  const values = (await pixels.data()) as Float32Array;
  pixels.dispose();
  return values;
}

/** Runs the generator on the given latents and tiles the images into a `rows` x `cols` PNG. */
export async function renderGeneratorGrid(
  generator: tf.LayersModel,
  latent: Float32Array,
  labels: Int32Array | null,
  facts: Pick<GeneratorFacts, 'latent' | 'shape' | 'range'>,
  rows: number,
  cols: number,
): Promise<Uint8Array> {
  const values = await generateImages(generator, latent, labels, facts.latent.size);
  return encodeImageGrid(values, facts.shape, rows, cols, facts.range);
}

/** A near-square grid for `n` images: as many columns as the square root, rounded up. */
export function gridFor(n: number): { rows: number; cols: number } {
  const cols = Math.ceil(Math.sqrt(n));
  return { rows: Math.ceil(n / cols), cols };
}

/** A sampling request that cannot work (bad count, a label the generator cannot take). */
export class SampleError extends Error {
  override readonly name = 'SampleError';
}

export interface SampleOptions {
  count: number;
  output: string;
  /** One class for every image (conditional generators); without it, classes cycle 0, 1, 2, … */
  label?: number;
  seed?: number;
}

export interface SampleResult {
  checkpoint: string;
  output: string;
  rows: number;
  cols: number;
}

/** What a sampling request resolves to before any model is loaded: the checkpoint, its facts, each image's label. */
export interface SamplePlan {
  checkpoint: string;
  facts: GeneratorFacts;
  labels: Int32Array | null;
}

/**
 * Checks a sampling request against the checkpoint's facts without TensorFlow.js or a backend:
 * a bad count or a label the generator cannot take is a `SampleError` (the user's to fix) found
 * before any backend starts.
 */
export function planSample(source: string, options: SampleOptions): SamplePlan {
  if (!Number.isInteger(options.count) || options.count < 1) {
    throw new SampleError(`the image count must be a positive whole number, got ${options.count}`);
  }
  const checkpoint = resolveCheckpoint(source);
  const facts = readGeneratorFacts(checkpoint);
  let labels: Int32Array | null = null;
  if (options.label !== undefined) {
    if (!facts.conditional) throw new SampleError(`--label needs a conditional generator; ${checkpoint} holds an unconditional one`);
    if (!Number.isInteger(options.label) || options.label < 0 || options.label >= facts.classes) {
      throw new SampleError(`--label must be a class from 0 to ${facts.classes - 1}, got ${options.label}`);
    }
    labels = new Int32Array(options.count).fill(options.label);
  } else if (facts.conditional) {
    labels = Int32Array.from({ length: options.count }, (_, i) => i % facts.classes);
  }
  return { checkpoint, facts, labels };
}

/** `ganc sample`: loads the generator of a checkpoint (or a run's latest) and writes a grid. */
export async function writeSampleGrid(source: string, options: SampleOptions, plan: SamplePlan = planSample(source, options)): Promise<SampleResult> {
  const { checkpoint, facts, labels } = plan;
  const generator = await loadModelFolder(join(checkpoint, 'generator'));
  try {
    const latent = drawLatent(facts.latent, options.count, createRng(options.seed ?? 0));
    const { rows, cols } = gridFor(options.count);
    writeFileAtomic(options.output, await renderGeneratorGrid(generator, latent, labels, facts, rows, cols));
    return { checkpoint, output: options.output, rows, cols };
  } finally {
    generator.dispose();
  }
}
