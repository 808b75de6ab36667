import type * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../data/index.js';
import { createRng } from '../random.js';
import type { EvalDataset } from './classifier.js';
import { EvalError } from './error.js';

/**
 * Real images in [0, 1], as the classifier takes them: the first `count` of a split, or, with a
 * seed, `count` drawn at random without replacement.
 */
export function realImages(dataset: EvalDataset, split: 'train' | 'test', count: number, seed?: number, dataDir?: string): tf.Tensor4D {
  const data = loadDataset(
    { source: dataset, range: [0, 1], batchSize: count, shuffle: seed !== undefined, dropLast: true, labels: false, classes: 10, shape: [28, 28, 1], flips: [] },
    { split, dataDir },
  );
  if (count > data.count) {
    throw new EvalError(`the ${dataset} ${split} split has ${data.count} images, fewer than the ${count} asked for`);
  }
  const first = data.batches(count, createRng(seed ?? 0), true)[Symbol.iterator]().next();
  if (first.done) throw new EvalError(`the ${dataset} ${split} split gave no batch of ${count} images`);
  return first.value.images;
}
