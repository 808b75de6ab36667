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
