import type { GraphBuilder, Tensor } from '../../compiler/graph/builder.js';
import { hingeLoss, relativisticAverageLoss, targetLoss, wassersteinLoss } from '../../compiler/graph/losses.js';
import { conv2d, conv2dTranspose } from '../../compiler/graph/nn/conv.js';
import type { CallContext } from '../../compiler/graph/nn/context.js';
import { dense } from '../../compiler/graph/nn/dense.js';
import { dropout } from '../../compiler/graph/nn/dropout.js';
import { joinLabel } from '../../compiler/graph/nn/label.js';
import { layerNorm } from '../../compiler/graph/nn/normalization.js';
import { flatten, upsample } from '../../compiler/graph/nn/reshape.js';
import { spectralNormalize } from '../../compiler/graph/nn/spectral-norm.js';
import { adam, adamw, rmsprop, sgd } from '../../compiler/graph/optimizers.js';
import { B } from '../../compiler/graph/shape.js';
import { buildTrainingStep, type TrainingStep } from '../../compiler/graph/step.js';
import { sequential } from './networks.js';

/**
 * Training steps that exercise every option of the step builder and every layer lowering on
 * small shapes: d_steps, simultaneous updates, fresh noise, the gradient penalty, weight
 * clipping, label smoothing, conditional networks, dropout, spectral norm, layer norm,
 * upsampling, each loss and optimizer.
 */

type Layer = [string, (b: GraphBuilder, x: Tensor, c: CallContext) => Tensor];

const mlpG = (extra: Layer[] = []) =>
  sequential('G', [
    ...extra,
    ['dense_1', (b, x) => dense(b, x, { units: 12 })],
    ['relu_1', (b, x) => b.relu(x)],
    ['dense_2', (b, x) => dense(b, x, { units: 16 })],
    ['tanh_1', (b, x) => b.tanh(x)],
    ['reshape_1', (b, x) => b.reshape(x, [B, 4, 4, 1])],
  ]);

const spectralDense = (units: number): Layer[1] => (b, x, c) => {
  const kernel = b.param('kernel', [x.shape[1] as number, units]);
  const bias = b.param('bias', [units]);
  return b.add(b.matmul(x, spectralNormalize(b, kernel, { outputs: units, iterations: 1, transposed: false }, c)), bias);
};

const spectralConv = (filters: number): Layer[1] => (b, x, c) => {
  const kernel = b.param('kernel', [3, 3, x.shape[3] as number, filters]);
  const bias = b.param('bias', [filters]);
  return b.add(b.conv2d(x, spectralNormalize(b, kernel, { outputs: filters, iterations: 1, transposed: false }, c), { strides: 2, pads: 1 }), bias);
};

export interface Variant {
  name: string;
  step: TrainingStep;
  dSteps: number;
  classes?: number;
  maxBatch: number;
}

const latent = { size: 6, distribution: 'normal' as const, mean: 0, stddev: 1 };

export function variants(): Variant[] {
  return [
    {
      name: 'WGAN-GP, 2 critic steps, layer norm critic, Adam',
      dSteps: 2,
      maxBatch: 5,
      step: buildTrainingStep({
        latent,
        data: { shape: [4, 4, 1] },
        generator: mlpG(),
        discriminator: sequential('D', [
          ['flatten_1', (b, x) => flatten(b, x)],
          ['dense_3', (b, x) => dense(b, x, { units: 10 })],
          ['layer_normalization_1', (b, x) => layerNorm(b, x, { epsilon: 1e-5 })],
          ['leaky_1', (b, x) => b.leakyRelu(x, 0.2)],
          ['dense_4', (b, x) => dense(b, x, { units: 1 })],
        ]),
        loss: wassersteinLoss,
        gradientPenalty: 10,
        optimizers: { generator: adam({ beta1: 0.5, beta2: 0.9, epsilon: 1e-8 }), discriminator: adam({ beta1: 0.5, beta2: 0.9, epsilon: 1e-8 }) },
        schedule: { dSteps: 2, updates: 'alternating' },
      }),
    },
    {
      name: 'simultaneous, conditional, BCE from logits with label smoothing, dropout, RMSprop',
      dSteps: 1,
      classes: 3,
      maxBatch: 6,
      step: buildTrainingStep({
        latent: { size: 6, distribution: 'uniform', low: -1, high: 1 },
        data: { shape: [4, 4, 1], classes: 3 },
        generator: mlpG([['label_embed_1', (b, x, c) => joinLabel(b, x, { classes: 3, embeddingSize: 2 }, c)]]),
        discriminator: sequential('D', [
          ['label_embed_2', (b, x, c) => joinLabel(b, x, { classes: 3, embeddingSize: 16, reshape: [4, 4, 1] }, c)],
          ['flatten_1', (b, x) => flatten(b, x)],
          ['dense_3', (b, x) => dense(b, x, { units: 10 })],
          ['leaky_1', (b, x) => b.leakyRelu(x, 0.2)],
          ['dropout_1', (b, x, c) => dropout(b, x, { rate: 0.3 }, c)],
          ['dense_4', (b, x) => dense(b, x, { units: 1 })],
        ]),
        loss: targetLoss({ kind: 'bce', fromLogits: true, labelSmoothing: 0.1 }),
        optimizers: { generator: rmsprop({ decay: 0.9, momentum: 0.5, epsilon: 1e-7 }), discriminator: rmsprop({ decay: 0.9, momentum: 0, epsilon: 1e-7 }) },
        schedule: { dSteps: 1, updates: 'simultaneous' },
      }),
    },
    {
      name: 'hinge, spectral norm critic, upsampling conv G, fresh noise, SGD momentum and AdamW',
      dSteps: 1,
      maxBatch: 4,
      step: buildTrainingStep({
        latent,
        data: { shape: [8, 8, 1] },
        generator: sequential('G', [
          ['dense_1', (b, x) => dense(b, x, { units: 4 * 4 * 3 })],
          ['reshape_1', (b, x) => b.reshape(x, [B, 4, 4, 3])],
          ['up_sampling2d_1', (b, x) => upsample(b, x, 2)],
          ['conv2d_1', (b, x) => conv2d(b, x, { filters: 1, kernel: 3, padding: 'same' })],
          ['tanh_1', (b, x) => b.tanh(x)],
        ]),
        discriminator: sequential('D', [
          ['spectral_norm_1', spectralConv(3)],
          ['leaky_1', (b, x) => b.leakyRelu(x, 0.2)],
          ['flatten_1', (b, x) => flatten(b, x)],
          ['spectral_norm_2', spectralDense(1)],
        ]),
        loss: hingeLoss,
        optimizers: { generator: sgd({ momentum: 0.9 }), discriminator: adamw({ beta1: 0.5, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 }) },
        schedule: { dSteps: 1, updates: 'alternating', generatorNoise: 'fresh' },
      }),
    },
    {
      name: 'WGAN with weight clipping, 3 critic steps, conv-transpose G with same padding, plain SGD',
      dSteps: 3,
      maxBatch: 4,
      step: buildTrainingStep({
        latent,
        data: { shape: [8, 8, 1] },
        generator: sequential('G', [
          ['dense_1', (b, x) => dense(b, x, { units: 4 * 4 * 2 })],
          ['reshape_1', (b, x) => b.reshape(x, [B, 4, 4, 2])],
          ['conv2d_transpose_1', (b, x) => conv2dTranspose(b, x, { filters: 1, kernel: 5, strides: 2, padding: 'same' })],
          ['tanh_1', (b, x) => b.tanh(x)],
        ]),
        discriminator: sequential('D', [
          ['conv2d_1', (b, x) => conv2d(b, x, { filters: 2, kernel: 5, strides: 2, padding: 'same' })],
          ['leaky_1', (b, x) => b.leakyRelu(x, 0.2)],
          ['flatten_1', (b, x) => flatten(b, x)],
          ['dense_1', (b, x) => dense(b, x, { units: 1 })],
        ]),
        loss: wassersteinLoss,
        weightClip: 0.05,
        optimizers: { generator: sgd({ momentum: 0 }), discriminator: sgd({ momentum: 0 }) },
        schedule: { dSteps: 3, updates: 'alternating' },
      }),
    },
    {
      name: 'relativistic average loss: G reads the real scores, SGD momentum D',
      dSteps: 1,
      maxBatch: 4,
      step: buildTrainingStep({
        latent,
        data: { shape: [4, 4, 1] },
        generator: mlpG(),
        discriminator: sequential('D', [
          ['flatten_1', (b, x) => flatten(b, x)],
          ['dense_3', (b, x) => dense(b, x, { units: 8 })],
          ['leaky_1', (b, x) => b.leakyRelu(x, 0.2)],
          ['dense_4', (b, x) => dense(b, x, { units: 1 })],
        ]),
        loss: relativisticAverageLoss,
        // Not Adam for D: the loss ignores a shift of every score, so D's last bias has a zero
        // gradient that is rounding noise, and Adam would scale that noise up to a full step.
        optimizers: { generator: adam({ beta1: 0.5, beta2: 0.999, epsilon: 1e-8 }), discriminator: sgd({ momentum: 0.5 }) },
        schedule: { dSteps: 1, updates: 'alternating' },
      }),
    },
  ];
}
