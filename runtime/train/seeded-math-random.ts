import type { Rng } from '../random.js';

/**
 * Runs `fn` with `Math.random` drawing from `rng`, then puts the original back.
 *
 * Why: TF.js weight initialisers and unseeded random ops (dropout masks) seed their own
 * generators from `Math.random`, so without this the same spec and seed would build different
 * weights and drop different units on every run. Scoping the swap to model building and to each
 * training step keeps the rest of the process (and other libraries) on the real `Math.random`.
 */
export function withMathRandomFrom<T>(rng: Rng, fn: () => T): T {
  const original = Math.random;
  Math.random = () => rng.next();
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}
