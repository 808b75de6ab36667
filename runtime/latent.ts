import type { LatentSpec } from './program.js';
import type { Rng } from './random.js';

/** Draws `n` latent vectors from the spec's distribution. */
export function drawLatent(latent: LatentSpec, n: number, rng: Rng): Float32Array {
  const values = new Float32Array(n * latent.size);
  for (let i = 0; i < values.length; i++) {
    values[i] =
      latent.distribution === 'normal'
        ? latent.mean + latent.stddev * rng.normal()
        : latent.low + (latent.high - latent.low) * rng.next();
  }
  return values;
}

/**
 * The spec's distribution from unit draws (standard normals, or uniform in [0, 1)), in place,
 * with the compiled step's arithmetic (compiler/graph/step.ts): z * stddev + mean, u * (high - low) + low.
 */
export function shapeLatent(latent: LatentSpec, unit: Float32Array): Float32Array {
  for (let i = 0; i < unit.length; i++) {
    unit[i] = latent.distribution === 'normal' ? unit[i] * latent.stddev + latent.mean : unit[i] * (latent.high - latent.low) + latent.low;
  }
  return unit;
}
