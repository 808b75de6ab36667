import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random.js';
import { isInitializer, resolveInitializer } from './initializer.js';

type Initializer = ReturnType<typeof tf.initializers.zeros>;

/** The layer field holding each weight's initializer, by the weight's own name (`dense_1/kernel` -> kernel). */
const INITIALIZER_FIELDS: Record<string, string> = {
  kernel: 'kernelInitializer',
  bias: 'biasInitializer',
  gamma: 'gammaInitializer',
  beta: 'betaInitializer',
  moving_mean: 'movingMeanInitializer',
  moving_variance: 'movingVarianceInitializer',
  embeddings: 'embeddingsInitializer',
  u: 'uInitializer',
};

function initializerOf(layer: tf.layers.Layer, weightName: string): Initializer {
  const short = weightName.slice(weightName.lastIndexOf('/') + 1);
  const field = INITIALIZER_FIELDS[short];
  const initializer = field === undefined ? undefined : (layer as unknown as Record<string, unknown>)[field];
  if (!isInitializer(initializer)) {
    throw new Error(`${layer.name}: no initializer for its weight ${weightName} (looked for the layer's ${field ?? `<${short}>Initializer`})`);
  }
  return initializer;
}

/** A copy of the initializer that draws from `seed`: tfjs initializers seed themselves from Math.random otherwise. */
function seeded(initializer: Initializer, seed: number): Initializer {
  const config = initializer.getConfig();
  if (!('seed' in config)) return initializer;
  return resolveInitializer({ className: initializer.getClassName(), config: { ...config, seed } }, 'initializeWeights');
}

/**
 * Draws every weight of `model` afresh with its layer's own initializer, seeded from `rng` in
 * weight order, so the same seed builds the same networks on every run and machine.
 */
export function initializeWeights(model: tf.LayersModel, rng: Rng): void {
  for (const layer of model.layers) {
    for (const weight of layer.weights) {
      const initializer = seeded(initializerOf(layer, weight.originalName), rng.int(2 ** 31));
      tf.tidy(() => {
        weight.write(initializer.apply(weight.shape, weight.dtype));
      });
    }
  }
}
