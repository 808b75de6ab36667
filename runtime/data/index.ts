import type { DataSpec } from '../program.js';
import { type Dataset, inMemoryDataset } from './dataset.js';
import { DataError } from './error.js';
import { readImageFolder } from './folder.js';
import { readIdxSplit, type Split } from './mnist.js';

export type { Dataset } from './dataset.js';
export { DataError } from './error.js';
export { readIdx, type IdxArray } from './idx.js';

export interface LoadOptions {
  /** Overrides the spec's `path` (the CLI's --data-dir). */
  dataDir?: string;
  split?: Split;
  /** Keep only the first N examples (tests and smoke runs). */
  limit?: number;
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function loadDataset(spec: DataSpec, options: LoadOptions = {}): Dataset {
  const split = options.split ?? 'train';
  const dataDir = options.dataDir ?? spec.path;
  const limit = options.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new DataError(`limit must be a positive integer, got ${limit}`);
  }
  const common = { shape: spec.shape, classes: spec.classes, range: spec.range, shuffle: spec.shuffle, flips: spec.flips };

  if (spec.source === 'images') {
    if (spec.labels) throw new DataError('labels are not supported for image folders');
    if (dataDir === undefined) throw new DataError('an image folder data set needs a path (in the spec, or --data-dir)');
    const { pixels, count } = readImageFolder(dataDir, { shape: spec.shape, resize: spec.resize, crop: spec.crop, limit });
    return inMemoryDataset({ ...common, pixels, count });
  }

  const read = readIdxSplit(spec.source, dataDir, split);
  const actualShape = [read.height, read.width, 1] as const;
  if (actualShape.some((size, axis) => size !== spec.shape[axis])) {
    throw new DataError(`the data files hold images of shape ${formatShape(actualShape)}, the spec's data shape is ${formatShape(spec.shape)}`);
  }
  const count = limit === undefined ? read.count : Math.min(limit, read.count);
  const exampleSize = read.height * read.width;
  const pixels = read.images.subarray(0, count * exampleSize);
  if (!spec.labels) return inMemoryDataset({ ...common, pixels, count });

  const labels = Int32Array.from(read.labels.subarray(0, count));
  const largest = labels.reduce((max, label) => Math.max(max, label), 0);
  if (largest >= spec.classes) {
    throw new DataError(`the labels go up to ${largest}, but the spec declares ${spec.classes} classes (labels 0 to ${spec.classes - 1})`);
  }
  return inMemoryDataset({ ...common, pixels, labels, count });
}
