import * as tf from '@tensorflow/tfjs';
import { dropout, gradientPenalty, spectralNorm, type Batch, type DataSpec, type RunSpec, type Step, type StepReport, type TrainerProgram } from '../../../runtime/index.js';

/**
 * Trainer programs written by hand the way the emitter writes them, to drive runTrainer:
 * seed A's MLP GAN (BCE), a conditional MLP GAN, and a WGAN-GP critic with spectral norm.
 */

const EPS = 1e-7;

/** Mean binary cross-entropy of probabilities `p` against a constant target. */
function bce(p: tf.Tensor, target: number): tf.Scalar {
  const clipped = tf.clipByValue(p, EPS, 1 - EPS);
  const terms = tf.add(tf.mul(target, tf.log(clipped)), tf.mul(1 - target, tf.log(tf.sub(1, clipped))));
  return tf.neg(tf.mean(terms)) as tf.Scalar;
}

/**
 * Seed A's hidden widths are 128/256/512 (G) and 512/256 (D); `narrow` keeps the layers and
 * divides the widths by 8, since the pure-JavaScript backend the tests use is slow.
 */
export type Width = 'seed' | 'narrow';
const widths = (width: Width) => (width === 'seed' ? [128, 256, 512] : [16, 32, 64]);

/** Seed A's generator; `activation` is its output's (tanh in the spec). */
export function mlpGenerator(latentSize: number, width: Width, activation: 'tanh' | 'sigmoid' = 'tanh'): tf.LayersModel {
  const z = tf.input({ shape: [latentSize] });
  let x: tf.SymbolicTensor = z;
  for (const units of widths(width)) {
    x = tf.layers.dense({ units }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.dense({ units: 784, activation }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reshape({ targetShape: [28, 28, 1] }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: z, outputs: x, name: 'G' });
}

function mlpDiscriminator(width: Width): tf.LayersModel {
  const image = tf.input({ shape: [28, 28, 1] });
  let x = tf.layers.flatten().apply(image) as tf.SymbolicTensor;
  for (const units of widths(width).slice(1).reverse()) {
    x = tf.layers.dense({ units }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: image, outputs: x, name: 'D' });
}

/** Alternating BCE step with probabilities, as the emitter writes seed A's (non-saturating G loss, G reuses D's fakes). */
function bceStep(step: Step): StepReport {
  const real = step.realBatch();
  const z = step.latent(real.size);
  const g = step.minimize('G', () => {
    const fake = step.G(z, real.labels);
    const d = step.minimize('D', () => {
      const realScores = step.D(real.images, real.labels);
      const fakeScores = step.D(fake, real.labels);
      return { loss: tf.add(bce(realScores, 1), bce(fakeScores, 0)) as tf.Scalar, realScores, fakeScores };
    });
    const fakeScoresAfter = step.D(fake, real.labels);
    return { loss: bce(fakeScoresAfter, 1), d, fakeScoresAfter };
  });
  return { lossD: g.d.loss, lossG: g.loss, realScores: g.d.realScores, fakeScores: g.d.fakeScores, fakeScoresAfter: g.fakeScoresAfter };
}

const spec = (overrides: Partial<RunSpec>): RunSpec => ({
  name: 'test',
  title: 'test program',
  specPath: 'specs/test.gan',
  data: mnist(false),
  latent: { size: 100, distribution: 'normal', mean: 0, stddev: 1 },
  scores: 'probability',
  learningRates: {
    generator: { base: 2e-4, schedule: { kind: 'constant' } },
    discriminator: { base: 2e-4, schedule: { kind: 'constant' } },
  },
  schedule: { epochs: 2, dSteps: 1, updates: 'alternating', generatorFakes: 'reuse', seed: 1, logEvery: 1 },
  samples: { count: 16, rows: 2, cols: 8, everyEpochs: 1 },
  checkpoint: { everyEpochs: 1 },
  ...overrides,
});

function mnist(labels: boolean): DataSpec {
  return { source: 'mnist', range: [-1, 1], batchSize: 16, shuffle: true, dropLast: true, labels, classes: 10, shape: [28, 28, 1], flips: [] };
}

/** Seed A: specs/seed_a_mlp.gan, with a smaller batch (and narrower layers unless `width` is 'seed'). */
export function seedAProgram(overrides: Partial<RunSpec> = {}, width: Width = 'narrow'): TrainerProgram {
  return {
    spec: spec({ name: 'seed_a_mlp', ...overrides }),
    buildGenerator: () => mlpGenerator(100, width),
    buildDiscriminator: () => mlpDiscriminator(width),
    makeOptimizers: () => ({ generator: tf.train.adam(2e-4, 0.5, 0.999), discriminator: tf.train.adam(2e-4, 0.5, 0.999) }),
    trainStep: bceStep,
  };
}

/** A conditional MLP GAN: the label is embedded and joined to G's latent and D's flattened image; D has dropout. */
export function conditionalProgram(): TrainerProgram {
  const generator = () => {
    const z = tf.input({ shape: [32] });
    const label = tf.input({ shape: [1], dtype: 'int32' });
    const embedded = tf.layers.flatten().apply(tf.layers.embedding({ inputDim: 10, outputDim: 10 }).apply(label)) as tf.SymbolicTensor;
    let x = tf.layers.concatenate().apply([z, embedded]) as tf.SymbolicTensor;
    x = tf.layers.dense({ units: 64, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.dense({ units: 784, activation: 'tanh' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reshape({ targetShape: [28, 28, 1] }).apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: [z, label], outputs: x, name: 'G' });
  };
  const discriminator = () => {
    const image = tf.input({ shape: [28, 28, 1] });
    const label = tf.input({ shape: [1], dtype: 'int32' });
    const embedded = tf.layers.flatten().apply(tf.layers.embedding({ inputDim: 10, outputDim: 10 }).apply(label)) as tf.SymbolicTensor;
    let x = tf.layers.flatten().apply(image) as tf.SymbolicTensor;
    x = tf.layers.concatenate().apply([x, embedded]) as tf.SymbolicTensor;
    x = tf.layers.dense({ units: 64 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
    // The runtime's dropout draws its masks from Philox by seed, step and site: the seeded-run tests cover it here (seed C).
    x = dropout({ rate: 0.3 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: [image, label], outputs: x, name: 'D' });
  };
  return {
    ...seedAProgram(),
    spec: spec({
      name: 'conditional_mlp',
      data: mnist(true),
      latent: { size: 32, distribution: 'uniform', low: -1, high: 1 },
      samples: { count: 20, rows: 2, cols: 10, everyEpochs: 1 },
    }),
    buildGenerator: generator,
    buildDiscriminator: discriminator,
  };
}

/** WGAN-GP: a spectrally normalised critic, two critic steps per G step, lambda 10. */
export function wganGpProgram(): TrainerProgram {
  const critic = () => {
    const image = tf.input({ shape: [28, 28, 1] });
    let x = tf.layers.conv2d({ filters: 8, kernelSize: 4, strides: 2, padding: 'same' }).apply(image) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
    x = spectralNorm({ inner: { factory: 'tf.layers.conv2d', config: { filters: 16, kernelSize: 4, strides: 2, padding: 'same' } }, iterations: 1 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
    x = spectralNorm({ inner: { factory: 'tf.layers.dense', config: { units: 1 } }, iterations: 1 }).apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: image, outputs: x, name: 'D' });
  };
  const generator = () => {
    const z = tf.input({ shape: [16] });
    let x = tf.layers.dense({ units: 7 * 7 * 8, activation: 'relu' }).apply(z) as tf.SymbolicTensor;
    x = tf.layers.reshape({ targetShape: [7, 7, 8] }).apply(x) as tf.SymbolicTensor;
    x = spectralNorm({ inner: { factory: 'tf.layers.conv2dTranspose', config: { filters: 8, kernelSize: 4, strides: 2, padding: 'same' } }, iterations: 1 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }).apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: z, outputs: x, name: 'G' });
  };
  const objective = (step: Step, real: Batch, fake: tf.Tensor) => {
    const realScores = step.D(real.images);
    const fakeScores = step.D(fake);
    const penalty = gradientPenalty((images) => step.D(images), real.images, fake, step.uniform([real.size, 1, 1, 1]));
    return { loss: tf.add(tf.sub(tf.mean(fakeScores), tf.mean(realScores)), tf.mul(10, penalty)) as tf.Scalar, realScores, fakeScores };
  };
  return {
    spec: spec({
      name: 'wgan_gp_sn',
      latent: { size: 16, distribution: 'normal', mean: 0, stddev: 1 },
      scores: 'critic',
      learningRates: {
        generator: { base: 1e-4, schedule: { kind: 'constant' } },
        discriminator: { base: 1e-4, schedule: { kind: 'step', every: 1, gamma: 0.5 } },
      },
      schedule: { epochs: 1, dSteps: 2, updates: 'alternating', generatorFakes: 'reuse', seed: 3, logEvery: 1 },
    }),
    buildGenerator: generator,
    buildDiscriminator: critic,
    makeOptimizers: () => ({ generator: tf.train.adam(1e-4, 0.5, 0.9), discriminator: tf.train.adam(1e-4, 0.5, 0.9) }),
    trainStep: (step) => {
      const first = step.realBatch();
      const firstFake = step.G(step.latent(first.size));
      step.minimize('D', () => objective(step, first, firstFake));
      const real = step.realBatch();
      const z = step.latent(real.size);
      const g = step.minimize('G', () => {
        const fake = step.G(z);
        const d = step.minimize('D', () => objective(step, real, fake));
        const fakeScoresAfter = step.D(fake);
        return { loss: tf.neg(tf.mean(fakeScoresAfter)) as tf.Scalar, d, fakeScoresAfter };
      });
      return { lossD: g.d.loss, lossG: g.loss, realScores: g.d.realScores, fakeScores: g.d.fakeScores, fakeScoresAfter: g.fakeScoresAfter };
    },
  };
}
