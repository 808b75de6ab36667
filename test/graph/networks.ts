import type { GraphBuilder, Tensor } from '../../compiler/graph/builder.js';
import { conv2d, conv2dTranspose } from '../../compiler/graph/nn/conv.js';
import type { CallContext } from '../../compiler/graph/nn/context.js';
import { dense } from '../../compiler/graph/nn/dense.js';
import { batchNorm } from '../../compiler/graph/nn/normalization.js';
import { flatten } from '../../compiler/graph/nn/reshape.js';
import type { NetworkLowering } from '../../compiler/graph/step.js';
import { B } from '../../compiler/graph/shape.js';

/**
 * The seed networks written against the builder the way registry entries will lower them:
 * a layer per scope, named as tfjs names them in a fresh model (dense_1, ...).
 */

type Layer = (b: GraphBuilder, x: Tensor, context: CallContext) => Tensor;

export function sequential(name: string, layers: [string, Layer][]): NetworkLowering {
  return {
    name,
    forward(b, input, context) {
      let x = input;
      for (const [scope, layer] of layers) x = b.scope(scope, () => layer(b, x, context));
      return x;
    },
  };
}

const denseLayer = (units: number): Layer => (b, x) => dense(b, x, { units });
const relu: Layer = (b, x) => b.relu(x);
const leaky: Layer = (b, x) => b.leakyRelu(x, 0.2);
const tanh: Layer = (b, x) => b.tanh(x);
const sigmoid: Layer = (b, x) => b.sigmoid(x);
const flat: Layer = (b, x) => flatten(b, x);
const reshapeTo = (shape: number[]): Layer => (b, x) => b.reshape(x, [B, ...shape]);
const bn: Layer = (b, x, c) => batchNorm(b, x, { momentum: 0.9, epsilon: 1e-5 }, c);

/** Seed A at any width: G 100 -> h1 -> h2 -> h3 -> 784 -> 28x28x1; D 784 -> h3 -> h2 -> 1. */
export function mlpGan(widths: { latent: number; hidden: [number, number, number]; image: [number, number, number] }) {
  const [h1, h2, h3] = widths.hidden;
  const pixels = widths.image[0] * widths.image[1] * widths.image[2];
  const generator = sequential('G', [
    ['dense_1', denseLayer(h1)],
    ['relu_1', relu],
    ['dense_2', denseLayer(h2)],
    ['relu_2', relu],
    ['dense_3', denseLayer(h3)],
    ['relu_3', relu],
    ['dense_4', denseLayer(pixels)],
    ['tanh_1', tanh],
    ['reshape_1', reshapeTo([...widths.image])],
  ]);
  const discriminator = sequential('D', [
    ['flatten_1', flat],
    ['dense_5', denseLayer(h3)],
    ['leaky_1', leaky],
    ['dense_6', denseLayer(h2)],
    ['leaky_2', leaky],
    ['dense_7', denseLayer(1)],
    ['sigmoid_1', sigmoid],
  ]);
  return { generator, discriminator };
}

export const SEED_A = { latent: 100, hidden: [128, 256, 512] as [number, number, number], image: [28, 28, 1] as [number, number, number] };

const convT = (filters: number, kernel: number, stride: number, padding: number): Layer => (b, x) =>
  conv2dTranspose(b, x, { filters, kernel, strides: stride, padding, bias: false });
const conv = (filters: number, kernel: number, stride: number, padding: number, bias = true): Layer => (b, x) =>
  conv2d(b, x, { filters, kernel, strides: stride, padding, bias });

/** Seed B5's DCGAN with PyTorch padding, at width `n` (64 in the seed) and latent `nz`. */
export function dcgan(n: number, nz: number) {
  const generator = sequential('G', [
    ['reshape_1', reshapeTo([1, 1, nz])],
    ['conv2d_transpose_1', convT(n * 4, 4, 1, 0)],
    ['batch_normalization_1', bn],
    ['relu_1', relu],
    ['conv2d_transpose_2', convT(n * 2, 3, 2, 1)],
    ['batch_normalization_2', bn],
    ['relu_2', relu],
    ['conv2d_transpose_3', convT(n, 4, 2, 1)],
    ['batch_normalization_3', bn],
    ['relu_3', relu],
    ['conv2d_transpose_4', convT(1, 4, 2, 1)],
    ['tanh_1', tanh],
  ]);
  const discriminator = sequential('D', [
    ['conv2d_1', conv(n, 4, 2, 1)],
    ['leaky_1', leaky],
    ['conv2d_2', conv(n * 2, 4, 2, 1, false)],
    ['batch_normalization_4', bn],
    ['leaky_2', leaky],
    ['conv2d_3', conv(n * 4, 4, 2, 1, false)],
    ['batch_normalization_5', bn],
    ['leaky_3', leaky],
    ['conv2d_4', conv(1, 3, 1, 0)],
    ['sigmoid_1', sigmoid],
    ['flatten_1', flat],
  ]);
  return { generator, discriminator };
}
