import * as tf from '@tensorflow/tfjs';
import type { LatentSpec, Networks, Optimizers, TrainerProgram } from '../program.js';
import type { Rng } from '../random.js';
import { withMathRandomFrom } from './seeded-math-random.js';

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

export function drawLabels(classes: number, n: number, rng: Rng): Int32Array {
  return Int32Array.from({ length: n }, () => rng.int(classes));
}

/** The tensors a model's variables are, in the order optimizers take them. */
function variablesOf(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

/** Builds both models with initial weights drawn from `buildRng` (see withMathRandomFrom). */
export function buildModels(program: TrainerProgram, buildRng: Rng): { generator: tf.LayersModel; discriminator: tf.LayersModel } {
  return withMathRandomFrom(buildRng, () => ({
    generator: program.buildGenerator(),
    discriminator: program.buildDiscriminator(),
  }));
}

export function assembleNetworks(
  program: TrainerProgram,
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel },
  optimizers: Optimizers,
  noise: Rng,
): Networks {
  return {
    generator: models.generator,
    discriminator: models.discriminator,
    optimizers,
    generatorVariables: variablesOf(models.generator),
    discriminatorVariables: variablesOf(models.discriminator),
    sampleLatent: (n) => tf.tensor2d(drawLatent(program.latent, n, noise), [n, program.latent.size]),
    sampleLabels: (n) => {
      if (!program.conditional) throw new Error('sampleLabels: this model is not conditional (the data has no labels)');
      return tf.tensor1d(drawLabels(program.data.classes, n, noise), 'int32');
    },
  };
}
