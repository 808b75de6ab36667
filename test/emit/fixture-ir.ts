import type { LayerIR, NetworkIR, SpecIR } from '../../compiler/ir.js';
import type { ConfigValue, EmittedOp } from '../../compiler/layers/kind.js';
import type { Shape } from '../../compiler/shape.js';

/**
 * A small hand-written IR (an MLP GAN on MNIST, the shape of seed A), for emitter tests that must
 * not depend on the checker: hostile strings and every loss / update / optimizer variant.
 */

function layer(line: number, text: string, inputShape: Shape, outputShape: Shape, emitted: EmittedOp[], trainable = 0): LayerIR {
  return { kind: text.split('(')[0], options: {}, inputShape, outputShape, parameters: { trainable, nonTrainable: 0 }, emitted, origin: { line, text } };
}

const op = (factory: string, config: { readonly [key: string]: ConfigValue } = {}): EmittedOp => ({
  op: 'layer',
  factory,
  config,
});

function generator(conditional: boolean): NetworkIR {
  const layers: LayerIR[] = [
    layer(10, 'dense(16)', [4], [16], [op('tf.layers.dense', { units: 16, useBias: true })], 80),
    layer(11, 'relu', [16], [16], [op('tf.layers.reLU')]),
    ...(conditional ? [layer(12, 'label_embed(3)', [16], [19], [{ op: 'joinLabel', classes: 10, embeddingSize: 3 }], 30)] : []),
    layer(13, 'dense(784)', [conditional ? 19 : 16], [784], [op('tf.layers.dense', { units: 784, useBias: true })], 13328),
    layer(14, 'tanh', [784], [784], [op('tf.layers.activation', { activation: 'tanh' })]),
    layer(15, 'reshape(28, 28, 1)', [784], [28, 28, 1], [op('tf.layers.reshape', { targetShape: [28, 28, 1] })]),
  ];
  return {
    role: 'generator',
    name: 'G',
    inputShape: [4],
    outputShape: [28, 28, 1],
    conditional,
    layers,
    parameters: { trainable: 13408, nonTrainable: 0 },
    outputActivation: 'tanh',
    origin: { line: 9, text: 'generator G {' },
  };
}

function discriminator(conditional: boolean, activation: 'sigmoid' | 'linear'): NetworkIR {
  const layers: LayerIR[] = [
    ...(conditional
      ? [layer(19, 'label_embed(1)', [28, 28, 1], [28, 28, 2], [{ op: 'joinLabel', classes: 10, embeddingSize: 784, reshape: [28, 28, 1] }], 7840)]
      : []),
    layer(20, 'flatten', [28, 28, conditional ? 2 : 1], [conditional ? 1568 : 784], [op('tf.layers.flatten')]),
    layer(21, 'spectral_norm(dense(8))', [784], [8], [
      op('gan.spectralNorm', { inner: { factory: 'tf.layers.dense', config: { units: 8, useBias: true } }, iterations: 1 }),
    ], 6280),
    layer(22, 'leaky_relu(0.2)', [8], [8], [op('tf.layers.leakyReLU', { alpha: 0.2 })]),
    layer(23, 'dense(1)', [8], [1], [op('tf.layers.dense', { units: 1, useBias: true })], 9),
    ...(activation === 'sigmoid' ? [layer(24, 'sigmoid', [1], [1], [op('tf.layers.activation', { activation: 'sigmoid' })])] : []),
  ];
  return {
    role: 'discriminator',
    name: 'D',
    inputShape: [28, 28, 1],
    outputShape: [1],
    conditional,
    layers,
    parameters: { trainable: 6289, nonTrainable: 8 },
    outputActivation: activation,
    origin: { line: 18, text: 'discriminator D {' },
  };
}

export interface FixtureOptions {
  conditional?: boolean;
  loss?: SpecIR['loss'];
  updates?: SpecIR['train']['updates'];
  dSteps?: number;
  optimizers?: SpecIR['optimizers'];
}

export function fixtureIR(options: FixtureOptions = {}): SpecIR {
  const conditional = options.conditional ?? false;
  const loss = options.loss ?? { kind: 'bce', fromLogits: false, generatorLoss: 'non_saturating', labelSmoothing: 0, origin: { line: 27, text: 'loss bce' } };
  const critic = loss.kind === 'wasserstein' || loss.kind === 'hinge' || loss.fromLogits;
  return {
    name: 'fixture',
    title: 'A small MLP GAN',
    sourcePath: 'specs/fixture.gan',
    data: {
      source: 'mnist',
      range: [-1, 1],
      batchSize: 8,
      shuffle: true,
      labels: conditional,
      classes: 10,
      shape: [28, 28, 1],
      flips: [],
      origin: { line: 5, text: 'data mnist(batch = 8)' },
    },
    latent: { size: 4, distribution: 'normal', mean: 0, stddev: 1, origin: { line: 6, text: 'latent normal(size = 4)' } },
    generator: generator(conditional),
    discriminator: discriminator(conditional, critic ? 'linear' : 'sigmoid'),
    loss,
    optimizers: options.optimizers ?? {
      generator: { kind: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8, schedule: { kind: 'constant' }, origin: { line: 28, text: 'optimizer G adam(lr = 2e-4, betas = [0.5, 0.999])' } },
      discriminator: { kind: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8, schedule: { kind: 'constant' }, origin: { line: 29, text: 'optimizer D adam(lr = 2e-4, betas = [0.5, 0.999])' } },
    },
    train: { epochs: 1, dSteps: options.dSteps ?? 1, updates: options.updates ?? 'alternating', seed: 1, logEvery: 100, origin: { line: 31, text: 'train(epochs = 1, seed = 1)' } },
    samples: { count: 16, rows: 4, cols: 4, everyEpochs: 1, origin: { line: 0, text: '' } },
    checkpoint: { everyEpochs: 1, origin: { line: 0, text: '' } },
  };
}

const lossAt = (text: string) => ({ line: 27, text });

/** One IR per emitter branch: every loss, G loss, label smoothing, update rule, D-step count, optimizer and schedule. */
export function emitterVariants(): Record<string, SpecIR> {
  const sgd = (lr: number, momentum: number, schedule: SpecIR['optimizers']['generator']['schedule']) =>
    ({ kind: 'sgd', lr, momentum, schedule, origin: { line: 28, text: `optimizer G sgd(lr = ${lr})` } }) as const;
  const rmsprop = { kind: 'rmsprop', lr: 5e-5, decay: 0.9, momentum: 0, epsilon: 1e-7, schedule: { kind: 'linear', endFactor: 0 }, origin: { line: 29, text: 'optimizer D rmsprop(lr = 5e-5)' } } as const;
  return {
    bce_probabilities: fixtureIR(),
    bce_logits_minimax_smoothed: fixtureIR({
      loss: { kind: 'bce', fromLogits: true, generatorLoss: 'minimax', labelSmoothing: 0.1, origin: lossAt('loss bce(from_logits = true, g_loss = minimax, label_smoothing = 0.1)') },
    }),
    least_squares_smoothed: fixtureIR({
      loss: { kind: 'least_squares', fromLogits: false, generatorLoss: 'non_saturating', labelSmoothing: 0.3, origin: lossAt('loss least_squares(label_smoothing = 0.3)') },
    }),
    wasserstein_penalty_five_d_steps: fixtureIR({
      loss: { kind: 'wasserstein', fromLogits: false, generatorLoss: 'non_saturating', labelSmoothing: 0, gradientPenalty: 10, origin: lossAt('loss wasserstein(gradient_penalty = 10)') },
      dSteps: 5,
      optimizers: { generator: sgd(1e-3, 0.9, { kind: 'step', every: 10, gamma: 0.5 }), discriminator: rmsprop },
    }),
    wasserstein_clip_simultaneous: fixtureIR({
      loss: { kind: 'wasserstein', fromLogits: false, generatorLoss: 'non_saturating', labelSmoothing: 0, weightClip: 0.01, origin: lossAt('loss wasserstein(clip = 0.01)') },
      updates: 'simultaneous',
      optimizers: { generator: sgd(1e-3, 0, { kind: 'exponential', gamma: 0.99 }), discriminator: rmsprop },
    }),
    hinge_conditional_simultaneous: fixtureIR({
      loss: { kind: 'hinge', fromLogits: false, generatorLoss: 'non_saturating', labelSmoothing: 0, origin: lossAt('loss hinge') },
      conditional: true,
      updates: 'simultaneous',
    }),
    wasserstein_penalty_conditional: fixtureIR({
      loss: { kind: 'wasserstein', fromLogits: false, generatorLoss: 'non_saturating', labelSmoothing: 0, gradientPenalty: 10, origin: lossAt('loss wasserstein(gradient_penalty = 10)') },
      conditional: true,
      dSteps: 2,
    }),
  };
}
