import * as tf from '@tensorflow/tfjs';
import { registerMissingGradients } from '../../runtime/backends/gradients/index.js';
import { createRng } from '../../runtime/random.js';
import { philoxNormal, philoxUniform } from '../../runtime/random/philox.js';
import type { RandomSource, Values } from '../../compiler/graph/interpret.js';

/** Deterministic test data: `count` values uniform in [low, high). */
export function randomValues(count: number, seed: number, low = -1, high = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => low + (high - low) * rng.next());
}

export function randomInts(count: number, seed: number, below: number): Int32Array {
  const rng = createRng(seed);
  return Int32Array.from({ length: count }, () => rng.int(below));
}

/** The largest |a - b| / max(|b|, floor) over two arrays, and where. */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-3): { error: number; at: number } {
  if (actual.length !== expected.length) throw new Error(`lengths differ: ${actual.length} vs ${expected.length}`);
  let error = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const e = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), floor);
    if (!(e <= error)) {
      error = e;
      at = i;
    }
  }
  return { error, at };
}

/** Throws with the worst element when `actual` and `expected` differ by more than `tolerance`. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string, floor = 1e-3): void {
  const { error, at } = maxRelativeError(actual, expected, floor);
  if (!(error <= tolerance)) {
    throw new Error(`${what}: relative error ${error.toExponential(2)} above ${tolerance} at [${at}]: ${actual[at]} vs ${expected[at]}`);
  }
}

/** The JS Philox as the interpreter's random source, for a seed and iteration. */
export function philoxSource(seed: number, iteration: number): RandomSource {
  return (distribution, site, count) =>
    distribution === 'uniform' ? philoxUniform({ seed, iteration, site }, count) : philoxNormal({ seed, iteration, site }, count);
}

/** tfjs on cpu, with the gradients the runtime adds (comparisons have none in tfjs 4.22). */
export async function useTfjsCpu(): Promise<void> {
  registerMissingGradients();
  await tf.setBackend('cpu');
  await tf.ready();
}

export function toArray(values: Values): number[] {
  return Array.from(values as ArrayLike<number>);
}
