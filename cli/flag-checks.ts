/**
 * Checks of numeric flags for yargs `.check()`: a message (a usage error, exit 2) or true.
 * yargs reads `--seed abc` as NaN and `--seed 1e400` as Infinity; both used to reach the
 * runtime and end in a stack trace.
 */

/** The largest sample grid `ganc sample` draws: 100 x 100 images. */
export const MAX_SAMPLES = 10_000;

export function seedFlag(seed: number): true | string {
  return Number.isSafeInteger(seed) ? true : `--seed must be a whole number within ±2^53, got ${seed}`;
}

export function sampleCountFlag(count: number): true | string {
  return Number.isInteger(count) && count >= 1 && count <= MAX_SAMPLES ? true : `-n must be a whole number from 1 to ${MAX_SAMPLES}, got ${count}`;
}

export function maxBatchFlag(maxBatch: number | undefined): true | string {
  return maxBatch === undefined || (Number.isSafeInteger(maxBatch) && maxBatch >= 1) ? true : `--max-batch must be a positive whole number, got ${maxBatch}`;
}
