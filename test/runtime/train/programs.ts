import * as tf from '@tensorflow/tfjs';
import { gradientPenalty, spectralNorm, type Batch, type Networks, type StepMetrics, type TrainerProgram } from '../../../runtime/index.js';

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

const fraction = (condition: tf.Tensor) => tf.mean(tf.cast(condition, 'float32')) as tf.Scalar;

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

/** Alternating BCE step with probabilities, as for seed A (non-saturating G loss). */
function bceStep(nets: Networks, nextBatch: () => Batch, conditional: boolean): StepMetrics {
  const batch = nextBatch();
  const n = batch.images.shape[0];
  const z = nets.sampleLatent(n);
  const realLabels = conditional ? batch.labels!.reshape([n, 1]) : undefined;
  const fakeLabels = conditional ? nets.sampleLabels(n).reshape([n, 1]) : undefined;
  const G = (input: tf.Tensor) => nets.generator.apply(conditional ? [input, fakeLabels!] : input, { training: true }) as tf.Tensor;
  const D = (input: tf.Tensor, labels?: tf.Tensor) => nets.discriminator.apply(conditional ? [input, labels!] : input, { training: true }) as tf.Tensor;

  let dReal!: tf.Scalar, dFakeBefore!: tf.Scalar, accuracyReal!: tf.Scalar, accuracyFake!: tf.Scalar;
  const lossD = nets.optimizers.discriminator.minimize(() => {
    const real = D(batch.images, realLabels);
    const fake = D(G(z), fakeLabels);
    dReal = tf.keep(tf.mean(real) as tf.Scalar);
    dFakeBefore = tf.keep(tf.mean(fake) as tf.Scalar);
    accuracyReal = tf.keep(fraction(tf.greater(real, 0.5)));
    accuracyFake = tf.keep(fraction(tf.lessEqual(fake, 0.5)));
    return tf.add(bce(real, 1), bce(fake, 0)) as tf.Scalar;
  }, true, nets.discriminatorVariables)!;
  let dFakeAfter!: tf.Scalar;
  const lossG = nets.optimizers.generator.minimize(() => {
    const fake = D(G(z), fakeLabels);
    dFakeAfter = tf.keep(tf.mean(fake) as tf.Scalar);
    return bce(fake, 1);
  }, true, nets.generatorVariables)!;
  return { lossD, lossG, dReal, dFakeBefore, dFakeAfter, accuracyReal, accuracyFake };
}

const base = {
  title: 'test program',
  specPath: 'specs/test.gan',
  latent: { size: 100, distribution: 'normal', mean: 0, stddev: 1 } as const,
  scores: 'probability' as const,
  samples: { count: 16, rows: 2, cols: 8, everyEpochs: 1 },
  checkpoint: { everyEpochs: 1 },
};

const mnist = (labels: boolean) => ({
  source: 'mnist' as const,
  range: [-1, 1] as const,
  batchSize: 16,
  shuffle: true,
  labels,
  classes: 10,
  shape: [28, 28, 1] as const,
  flips: [],
});

/** Seed A: specs/seed_a_mlp.gan, with a smaller batch (and narrower layers unless `width` is 'seed'). */
export function seedAProgram(overrides: Partial<TrainerProgram> = {}, width: Width = 'narrow'): TrainerProgram {
  return {
    ...base,
    name: 'seed_a_mlp',
    data: mnist(false),
    conditional: false,
    buildGenerator: () => mlpGenerator(100, width),
    buildDiscriminator: () => mlpDiscriminator(width),
    makeOptimizers: () => ({ generator: tf.train.adam(2e-4, 0.5, 0.999), discriminator: tf.train.adam(2e-4, 0.5, 0.999) }),
    learningRates: {
      generator: { base: 2e-4, schedule: { kind: 'constant' } },
      discriminator: { base: 2e-4, schedule: { kind: 'constant' } },
    },
    trainStep: (nets, nextBatch) => bceStep(nets, nextBatch, false),
    schedule: { epochs: 2, dSteps: 1, updates: 'alternating', seed: 1, logEvery: 1 },
    ...overrides,
  };
}

/** A conditional MLP GAN: the label is embedded and joined to G's latent and D's flattened image. */
export function conditionalProgram(): TrainerProgram {
  const generator = () => {
    const z = tf.input({ shape: [32] });
    const label = tf.input({ shape: [1], dtype: 'int32' });
    const embedded = tf.layers.flatten().apply(tf.layers.embedding({ inputDim: 10, outputDim: 10 }).apply(label)) as tf.SymbolicTensor;
    let x = tf.layers.concatenate().apply([z, embedded]) as tf.SymbolicTensor;
    x = tf.layers.dense({ units: 64, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.dense({ units: 784, activation: 'tanh' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reshape({ targetShape: [28, 28, 1] }).apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: [z, label], outputs: x });
  };
  const discriminator = () => {
    const image = tf.input({ shape: [28, 28, 1] });
    const label = tf.input({ shape: [1], dtype: 'int32' });
    const embedded = tf.layers.flatten().apply(tf.layers.embedding({ inputDim: 10, outputDim: 10 }).apply(label)) as tf.SymbolicTensor;
    let x = tf.layers.flatten().apply(image) as tf.SymbolicTensor;
    x = tf.layers.concatenate().apply([x, embedded]) as tf.SymbolicTensor;
    x = tf.layers.dense({ units: 64 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
    // Dropout draws its masks through Math.random: the seeded-run tests cover it here (seed C).
    x = tf.layers.dropout({ rate: 0.3 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: [image, label], outputs: x });
  };
  return {
    ...seedAProgram(),
    name: 'conditional_mlp',
    data: mnist(true),
    latent: { size: 32, distribution: 'uniform', low: -1, high: 1 },
    conditional: true,
    samples: { count: 20, rows: 2, cols: 10, everyEpochs: 1 },
    buildGenerator: generator,
    buildDiscriminator: discriminator,
    trainStep: (nets, nextBatch) => bceStep(nets, nextBatch, true),
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
    return tf.model({ inputs: image, outputs: x });
  };
  const generator = () => {
    const z = tf.input({ shape: [16] });
    let x = tf.layers.dense({ units: 7 * 7 * 8, activation: 'relu' }).apply(z) as tf.SymbolicTensor;
    x = tf.layers.reshape({ targetShape: [7, 7, 8] }).apply(x) as tf.SymbolicTensor;
    x = spectralNorm({ inner: { factory: 'tf.layers.conv2dTranspose', config: { filters: 8, kernelSize: 4, strides: 2, padding: 'same' } }, iterations: 1 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }).apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: z, outputs: x });
  };
  return {
    ...seedAProgram(),
    name: 'wgan_gp_sn',
    latent: { size: 16, distribution: 'normal', mean: 0, stddev: 1 },
    scores: 'critic',
    buildGenerator: generator,
    buildDiscriminator: critic,
    makeOptimizers: () => ({ generator: tf.train.adam(1e-4, 0.5, 0.9), discriminator: tf.train.adam(1e-4, 0.5, 0.9) }),
    learningRates: {
      generator: { base: 1e-4, schedule: { kind: 'constant' } },
      discriminator: { base: 1e-4, schedule: { kind: 'step', every: 1, gamma: 0.5 } },
    },
    schedule: { epochs: 1, dSteps: 2, updates: 'alternating', seed: 3, logEvery: 1 },
    trainStep: (nets, nextBatch) => {
      let lossD!: tf.Scalar, dReal!: tf.Scalar, dFakeBefore!: tf.Scalar, accuracyReal!: tf.Scalar, accuracyFake!: tf.Scalar;
      for (let k = 0; k < 2; k++) {
        const { images } = nextBatch();
        const n = images.shape[0];
        const fake = tf.tidy(() => nets.generator.apply(nets.sampleLatent(n), { training: true }) as tf.Tensor4D);
        if (lossD) tf.dispose([lossD, dReal, dFakeBefore, accuracyReal, accuracyFake]);
        lossD = nets.optimizers.discriminator.minimize(() => {
          const real = nets.discriminator.apply(images, { training: true }) as tf.Tensor;
          const fakeScore = nets.discriminator.apply(fake, { training: true }) as tf.Tensor;
          dReal = tf.keep(tf.mean(real) as tf.Scalar);
          dFakeBefore = tf.keep(tf.mean(fakeScore) as tf.Scalar);
          accuracyReal = tf.keep(fraction(tf.greater(real, 0)));
          accuracyFake = tf.keep(fraction(tf.lessEqual(fakeScore, 0)));
          const wasserstein = tf.sub(tf.mean(fakeScore), tf.mean(real));
          return tf.add(wasserstein, tf.mul(10, gradientPenalty(nets.discriminator, images, fake))) as tf.Scalar;
        }, true, nets.discriminatorVariables)!;
      }
      let dFakeAfter!: tf.Scalar;
      const lossG = nets.optimizers.generator.minimize(() => {
        const score = nets.discriminator.apply(nets.generator.apply(nets.sampleLatent(16), { training: true }), { training: true }) as tf.Tensor;
        dFakeAfter = tf.keep(tf.mean(score) as tf.Scalar);
        return tf.neg(tf.mean(score)) as tf.Scalar;
      }, true, nets.generatorVariables)!;
      return { lossD, lossG, dReal, dFakeBefore, dFakeAfter, accuracyReal, accuracyFake };
    },
  };
}
