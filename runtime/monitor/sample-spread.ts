import type { Dataset } from '../data/index.js';
import { createRng } from '../random.js';
import type { Monitor } from './monitor.js';

/**
 * Mode collapse, seen in the fixed-noise samples: different latents giving nearly the same
 * image. The per-step monitors cannot see it (the losses of a collapsed G can look ordinary),
 * so this one compares the images themselves, each time the sample grid is drawn: the mean
 * distance between two samples against the mean distance between two real images.
 */
export interface SpreadSettings {
  /** Warn when the samples' spread falls below this fraction of the real images' spread. */
  minRatio: number;
  /** Real images the reference spread is measured on. */
  realCount: number;
}

export const DEFAULT_SPREAD: SpreadSettings = { minRatio: 0.25, realCount: 64 };

/** Mean Euclidean distance over all pairs of the `count` images laid end to end in `values`. */
export function meanPairwiseDistance(values: Float32Array, count: number): number {
  const size = values.length / count;
  let total = 0;
  for (let a = 0; a < count; a++) {
    for (let b = a + 1; b < count; b++) {
      let squared = 0;
      for (let i = 0; i < size; i++) {
        const d = values[a * size + i] - values[b * size + i];
        squared += d * d;
      }
      total += Math.sqrt(squared);
    }
  }
  return count < 2 ? 0 : total / ((count * (count - 1)) / 2);
}

/**
 * The real images' spread, on a batch drawn with its own seed so that measuring it leaves the
 * run's data order (and so resume) untouched.
 */
export async function realSpread(dataset: Dataset, settings: SpreadSettings = DEFAULT_SPREAD): Promise<number> {
  const count = Math.min(settings.realCount, dataset.count);
  const iterator = dataset.batches(count, createRng(0), true)[Symbol.iterator]();
  const batch = iterator.next().value;
  iterator.return?.();
  if (!batch) return 0;
  const values = (await batch.images.data()) as Float32Array;
  batch.images.dispose();
  batch.labels?.dispose();
  return meanPairwiseDistance(values, count);
}

/**
 * Warns at an epoch's end when G's fixed-noise samples lie less than `minRatio` as far apart as
 * real images do. At epoch ends only: an untrained G's images are alike too, and an early stop
 * may come at step 2.
 */
export function sampleSpreadMonitor(reference: number, settings: SpreadSettings = DEFAULT_SPREAD): Monitor {
  return {
    name: 'sample spread',
    onEpochEnd({ epoch, samples, count }) {
      if (count < 2 || reference <= 0) return undefined;
      const spread = meanPairwiseDistance(samples, count);
      const ratio = spread / reference;
      if (ratio >= settings.minRatio) return undefined;
      return {
        monitor: this.name,
        severity: 'warning',
        message:
          `G may have collapsed (end of epoch ${epoch}): its ${count} fixed-noise samples lie ${spread.toFixed(2)} apart on average, ` +
          `real images ${reference.toFixed(2)} (ratio ${ratio.toFixed(2)}, warned below ${settings.minRatio}): different latents give nearly the same image. ` +
          'Batch norm in G, dropout in D, a lower D learning rate, or a Wasserstein or hinge loss usually help',
      };
    },
    state: () => ({}),
    restore: () => undefined,
  };
}
