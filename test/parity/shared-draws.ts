import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../runtime/random.js';
import type { DrawSource } from '../../runtime/train/draws.js';

/**
 * Weights both sides of the parity test draw from the same seed (scripts/parity/torch_reference.py
 * draws the same values in the same order): uniform in ±1/sqrt(fan-in) for kernels and biases,
 * fan-in as PyTorch counts it, and batch norm's gamma near 1, beta near 0. Non-trainable weights
 * (batch norm's moving statistics) keep their initial values, as PyTorch's do.
 */
export function drawSharedWeights(model: tf.LayersModel, rng: Rng): void {
  for (const layer of model.layers) {
    const kernel = layer.trainableWeights.find((w) => w.originalName.endsWith('/kernel'));
    for (const weight of layer.trainableWeights) {
      const suffix = weight.originalName.slice(weight.originalName.lastIndexOf('/') + 1);
      const shape = weight.shape as number[];
      const values = Float32Array.from({ length: tf.util.sizeFromShape(shape) }, () => {
        const u = rng.next();
        if (suffix === 'gamma') return 1 + 0.1 * (2 * u - 1);
        if (suffix === 'beta') return 0.1 * (2 * u - 1);
        return (2 * u - 1) * (1 / Math.sqrt(pytorchFanIn(layer, kernel?.shape as number[])));
      });
      tf.tidy(() => {
        weight.write(tf.tensor(values, shape));
      });
    }
  }
}

/** PyTorch's fan-in of a layer's weight: in (dense), k*k*in (conv), k*k*out (transposed conv, whose tfjs kernel is [k, k, out, in]). */
function pytorchFanIn(layer: tf.layers.Layer, kernel: number[] | undefined): number {
  if (kernel === undefined) throw new Error(`${layer.name} has a bias but no kernel`);
  if (kernel.length === 2) return kernel[0];
  return kernel[0] * kernel[1] * kernel[2];
}

/**
 * The step's draws (its latent, here) in call order from one sfc32 stream, whatever the site:
 * torch_reference.py draws its latent from the same stream (`latentSeed`) in the same order.
 */
export function sequentialDraws(rng: Rng): DrawSource {
  return {
    uniform: (_site, count) => Float32Array.from({ length: count }, () => rng.next()),
    normal: (_site, count) => Float32Array.from({ length: count }, () => rng.normal()),
  };
}
