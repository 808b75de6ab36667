import * as tf from '@tensorflow/tfjs';
import type { Graph } from '../../compiler/graph/ir.js';
import type { Values } from '../../compiler/graph/interpret.js';
import { philoxNormal } from '../../runtime/random/philox.js';
import { randomValues } from './support.js';

/**
 * The tfjs side of the full-iteration tests: the seed networks as tfjs layers models (as the
 * emitter builds them: PyTorch padding as zero padding or a crop around 'valid'), and one
 * training iteration written with tfjs ops, doing the arithmetic the compiled step does: D's
 * step on a real batch and G's fakes from a Philox latent, then G's step on the same fakes.
 */

export function tfjsMlp(widths: { latent: number; hidden: [number, number, number]; image: [number, number, number] }) {
  const [h1, h2, h3] = widths.hidden;
  const pixels = widths.image.reduce((p, d) => p * d, 1);
  const generator = tf.sequential({
    layers: [
      tf.layers.dense({ units: h1, activation: 'relu', inputShape: [widths.latent] }),
      tf.layers.dense({ units: h2, activation: 'relu' }),
      tf.layers.dense({ units: h3, activation: 'relu' }),
      tf.layers.dense({ units: pixels, activation: 'tanh' }),
      tf.layers.reshape({ targetShape: widths.image }),
    ],
  });
  const discriminator = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: widths.image }),
      tf.layers.dense({ units: h3 }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.dense({ units: h2 }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  return { generator: seedKernels(generator, 1), discriminator: seedKernels(discriminator, 2) };
}

/** PyTorch ConvTranspose2d(k, s, p) in tfjs: 'valid' (the full transposed convolution), cropped by p. */
function pytorchConvTranspose(filters: number, kernel: number, stride: number, padding: number, inputSize: number): tf.layers.Layer[] {
  const full = inputSize * stride + Math.max(kernel - stride, 0);
  const wanted = (inputSize - 1) * stride - 2 * padding + kernel;
  const layers: tf.layers.Layer[] = [tf.layers.conv2dTranspose({ filters, kernelSize: kernel, strides: stride, padding: 'valid', useBias: false })];
  const end = full - wanted - padding;
  if (padding > 0 || end > 0) layers.push(tf.layers.cropping2D({ cropping: [[padding, end], [padding, end]] }));
  return layers;
}

function pytorchConv(filters: number, kernel: number, stride: number, padding: number, bias: boolean): tf.layers.Layer[] {
  const conv = tf.layers.conv2d({ filters, kernelSize: kernel, strides: stride, padding: 'valid', useBias: bias });
  return padding > 0 ? [tf.layers.zeroPadding2d({ padding: [[padding, padding], [padding, padding]] }), conv] : [conv];
}

const bn = () => tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5 });

export function tfjsDcgan(n: number, nz: number) {
  const generator = tf.sequential({
    layers: [
      tf.layers.reshape({ targetShape: [1, 1, nz], inputShape: [nz] }),
      ...pytorchConvTranspose(n * 4, 4, 1, 0, 1),
      bn(),
      tf.layers.reLU(),
      ...pytorchConvTranspose(n * 2, 3, 2, 1, 4),
      bn(),
      tf.layers.reLU(),
      ...pytorchConvTranspose(n, 4, 2, 1, 7),
      bn(),
      tf.layers.reLU(),
      ...pytorchConvTranspose(1, 4, 2, 1, 14),
      tf.layers.activation({ activation: 'tanh' }),
    ],
  });
  const discriminator = tf.sequential({
    layers: [
      tf.layers.inputLayer({ inputShape: [28, 28, 1] }),
      ...pytorchConv(n, 4, 2, 1, true),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      ...pytorchConv(n * 2, 4, 2, 1, false),
      bn(),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      ...pytorchConv(n * 4, 4, 2, 1, false),
      bn(),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      ...pytorchConv(1, 3, 1, 0, true),
      tf.layers.activation({ activation: 'sigmoid' }),
      tf.layers.flatten(),
    ],
  });
  return { generator: seedKernels(generator, 3), discriminator: seedKernels(discriminator, 4) };
}

export interface ReferenceFigures {
  loss_D: number;
  loss_G: number;
  d_real: number;
  d_fake_before: number;
  d_fake_after: number;
  accuracy_real: number;
  accuracy_fake: number;
}

const logLoss = (p: tf.Tensor, target: number) => tf.losses.logLoss(tf.fill(p.shape, target), p) as tf.Scalar;

/**
 * One alternating iteration with BCE on probabilities and Adam-like optimizers: D's step, then
 * G's step on the same latent. G's step recomputes G's forward (tfjs cannot keep a tape across
 * steps); G's weights are unchanged by then, so the fakes are identical, and G's batch-norm
 * statistics are put back as they were, since the compiled step computes them once.
 */
export function tfjsIteration(
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel },
  optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer },
  data: { real: Float32Array; batch: number; seed: number; iteration: number; latent: number },
): ReferenceFigures {
  tf.engine().startScope();
  try {
    return iterate(models, optimizers, data);
  } finally {
    tf.engine().endScope();
  }
}

function iterate(
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel },
  optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer },
  data: { real: Float32Array; batch: number; seed: number; iteration: number; latent: number },
): ReferenceFigures {
  const { generator: G, discriminator: D } = models;
  const imageShape = D.inputs[0].shape.slice(1) as number[];
  const z = tf.tensor2d(philoxNormal({ seed: data.seed, iteration: data.iteration, site: 'D step 1/latent' }, data.batch * data.latent), [data.batch, data.latent]);
  const real = tf.tensor(data.real, [data.batch, ...imageShape]);
  const trainable = (m: tf.LayersModel) => m.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const fake = G.apply(z, { training: true }) as tf.Tensor;
  let realScores!: tf.Tensor;
  let fakeScores!: tf.Tensor;
  const lossD = optimizers.discriminator.minimize(
    () => {
      realScores = tf.keep(D.apply(real, { training: true }) as tf.Tensor);
      fakeScores = tf.keep(D.apply(fake, { training: true }) as tf.Tensor);
      return tf.add(logLoss(realScores, 1), logLoss(fakeScores, 0)) as tf.Scalar;
    },
    true,
    trainable(D),
  )!;
  const statistics = G.nonTrainableWeights.map((w) => w.read().clone());
  let afterScores!: tf.Tensor;
  const lossG = optimizers.generator.minimize(
    () => {
      afterScores = tf.keep(D.apply(G.apply(z, { training: true }) as tf.Tensor, { training: true }) as tf.Tensor);
      return logLoss(afterScores, 1);
    },
    true,
    trainable(G),
  )!;
  G.nonTrainableWeights.forEach((w, k) => w.write(statistics[k]));
  const mean = (t: tf.Tensor) => tf.mean(t).dataSync()[0];
  return {
    loss_D: lossD.dataSync()[0],
    loss_G: lossG.dataSync()[0],
    d_real: mean(realScores),
    d_fake_before: mean(fakeScores),
    d_fake_after: mean(afterScores),
    accuracy_real: mean(tf.cast(tf.greater(realScores, 0.5), 'float32')),
    accuracy_fake: mean(tf.cast(tf.lessEqual(fakeScores, 0.5), 'float32')),
  };
}

export function modelWeights(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => Float32Array.from(w.dataSync()));
}

/** A network's weights (tfjs `model.weights` order) as the graph's slot values. */
export function networkSlots(graph: Graph, network: string, weights: readonly Float32Array[]): Record<string, Values> {
  const info = graph.networks.find((n) => n.name === network)!;
  const ordered = [...info.weights.filter((w) => w.trainable), ...info.weights.filter((w) => !w.trainable)];
  if (ordered.length !== weights.length) throw new Error(`${network}: the graph declares ${ordered.length} weights, tfjs has ${weights.length}`);
  const flat = new Float32Array(info.trainableLength);
  const slots: Record<string, Values> = {};
  ordered.forEach((w, k) => {
    const size = w.shape.reduce((p, d) => p * d, 1);
    if (weights[k].length !== size) throw new Error(`${network}/${w.name}: [${w.shape.join(', ')}] vs ${weights[k].length} values`);
    if (w.trainable) flat.set(weights[k], w.offset!);
    else slots[w.slot!] = weights[k];
  });
  slots[info.trainableSlot] = flat;
  return slots;
}

/** The graph's final slot values as a network's weights, in tfjs order. */
export function slotsToWeights(graph: Graph, network: string, state: Record<string, Values>): Float32Array[] {
  const info = graph.networks.find((n) => n.name === network)!;
  const ordered = [...info.weights.filter((w) => w.trainable), ...info.weights.filter((w) => !w.trainable)];
  return ordered.map((w) => {
    const size = w.shape.reduce((p, d) => p * d, 1);
    const source = w.trainable ? (state[info.trainableSlot] as Float32Array).subarray(w.offset!, w.offset! + size) : (state[w.slot!] as Float32Array);
    return Float32Array.from(source);
  });
}

/**
 * Replaces tfjs's initial kernels (drawn with Math.random) by seeded Glorot-uniform ones, so a
 * test sees the same weights every run; biases and batch-norm weights keep their constant
 * initial values.
 */
export function seedKernels<T extends tf.LayersModel>(model: T, seed: number): T {
  const weights = model.getWeights().map((w, k) => {
    if (w.rank < 2) return w;
    const receptive = w.shape.slice(0, -2).reduce((p, d) => p * d, 1);
    const limit = Math.sqrt(6 / (receptive * (w.shape[w.rank - 2] + w.shape[w.rank - 1])));
    return tf.tensor(randomValues(w.size, seed * 100 + k, -limit, limit), w.shape);
  });
  model.setWeights(weights);
  return model;
}
