import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../program.js';
import type { Rng } from '../random.js';
import { DataError } from './error.js';

/** A data set held in memory as bytes, handed out as scaled float batches. */
export interface Dataset {
  count: number;
  shape: readonly [number, number, number];
  classes: number;
  hasLabels: boolean;
  /**
   * One epoch of batches in an order drawn from rng (when shuffling), scaled to the spec's
   * range, random flips applied; the last, smaller batch is kept unless `dropLast` (as a
   * PyTorch DataLoader's `drop_last`); tensors are created lazily per batch.
   */
  batches(batchSize: number, rng: Rng, dropLast: boolean): Iterable<Batch>;
}

export interface InMemoryData {
  /** [count, h, w, c] unsigned bytes. */
  pixels: Uint8Array;
  labels?: Int32Array;
  count: number;
  shape: readonly [number, number, number];
  classes: number;
  range: readonly [number, number];
  shuffle: boolean;
  flips: readonly ('horizontal' | 'vertical')[];
}

/**
 * Byte -> float table: lo * (1 - t) + hi * t with t = v / 255 gives lo at 0 and hi at 255
 * exactly (lo + v * (hi - lo) / 255 can miss hi by a rounding step).
 */
function scaleTable(range: readonly [number, number]): Float32Array {
  const [lo, hi] = range;
  return Float32Array.from({ length: 256 }, (_, v) => lo * (1 - v / 255) + hi * (v / 255));
}

function drawOrder(count: number, shuffle: boolean, rng: Rng): Uint32Array {
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  if (!shuffle) return order;
  // Fisher-Yates.
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

export function inMemoryDataset(data: InMemoryData): Dataset {
  const [height, width, channels] = data.shape;
  const exampleSize = height * width * channels;
  const table = scaleTable(data.range);
  const flipHorizontal = data.flips.includes('horizontal');
  const flipVertical = data.flips.includes('vertical');

  /** Copies one example into `out` at `at`, scaled, mirrored as drawn. */
  const copyExample = (index: number, out: Float32Array, at: number, mirrorX: boolean, mirrorY: boolean) => {
    const from = index * exampleSize;
    for (let y = 0; y < height; y++) {
      const sourceY = mirrorY ? height - 1 - y : y;
      for (let x = 0; x < width; x++) {
        const sourceX = mirrorX ? width - 1 - x : x;
        const source = from + (sourceY * width + sourceX) * channels;
        const target = at + (y * width + x) * channels;
        for (let c = 0; c < channels; c++) out[target + c] = table[data.pixels[source + c]];
      }
    }
  };

  function* epoch(order: Uint32Array, batchSize: number, rng: Rng, dropLast: boolean): Generator<Batch> {
    for (let start = 0; start < data.count; start += batchSize) {
      const size = Math.min(batchSize, data.count - start);
      if (size < batchSize && dropLast) return;
      const images = new Float32Array(size * exampleSize);
      const labels = data.labels ? new Int32Array(size) : undefined;
      for (let k = 0; k < size; k++) {
        const index = order[start + k];
        // Each example is mirrored with probability 1/2 per axis, as torchvision's RandomHorizontalFlip.
        const mirrorX = flipHorizontal && rng.next() < 0.5;
        const mirrorY = flipVertical && rng.next() < 0.5;
        copyExample(index, images, k * exampleSize, mirrorX, mirrorY);
        if (labels && data.labels) labels[k] = data.labels[index];
      }
      const batch: Batch = { size, images: tf.tensor4d(images, [size, height, width, channels]) };
      if (labels) batch.labels = tf.tensor2d(labels, [size, 1], 'int32');
      yield batch;
    }
  }

  return {
    count: data.count,
    shape: data.shape,
    classes: data.classes,
    hasLabels: data.labels !== undefined,
    batches(batchSize: number, rng: Rng, dropLast: boolean): Iterable<Batch> {
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        throw new DataError(`batch size must be a positive integer, got ${batchSize}`);
      }
      if (batchSize > data.count) {
        throw new DataError(
          `batch size ${batchSize} is larger than the data set (${data.count} images): an epoch would have no full batch`,
        );
      }
      // The order is drawn now, not on the first batch, so the rng advances when the epoch starts.
      return epoch(drawOrder(data.count, data.shuffle, rng), batchSize, rng, dropLast);
    },
  };
}
