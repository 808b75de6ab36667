import * as tf from '@tensorflow/tfjs';
import { targetLoss } from '../../compiler/graph/losses.js';
import { adam } from '../../compiler/graph/optimizers.js';
import { buildTrainingStep, type TrainingStep } from '../../compiler/graph/step.js';
import { dcgan, mlpGan } from './networks.js';
import { randomValues } from './support.js';
import { tfjsDcgan, tfjsMlp } from './tfjs-reference.js';

/**
 * The two small GANs of the full-iteration tests, each as builder networks (the compiled step)
 * and as tfjs models with the same weights: an MLP GAN (seed A at small widths) and a DCGAN
 * (seed B5's layers at 4 filters: batch norm, conv-transpose with PyTorch padding).
 */

export interface StepCase {
  name: string;
  step: TrainingStep;
  tfjs: { generator: tf.LayersModel; discriminator: tf.LayersModel };
  latent: number;
  image: [number, number, number];
  maxBatch: number;
  lr: number;
  betas: [number, number];
}

export const MLP_WIDTHS = { latent: 8, hidden: [16, 12, 10] as [number, number, number], image: [4, 4, 1] as [number, number, number] };

export function mlpCase(): StepCase {
  const lr = 2e-3;
  const betas: [number, number] = [0.5, 0.999];
  return {
    name: 'MLP GAN',
    step: buildTrainingStep({
      latent: { size: MLP_WIDTHS.latent, distribution: 'normal', mean: 0, stddev: 1 },
      data: { shape: MLP_WIDTHS.image },
      ...mlpGan(MLP_WIDTHS),
      loss: targetLoss({ kind: 'bce' }),
      optimizers: { generator: adam({ beta1: betas[0], beta2: betas[1], epsilon: 1e-8 }), discriminator: adam({ beta1: betas[0], beta2: betas[1], epsilon: 1e-8 }) },
      schedule: { dSteps: 1, updates: 'alternating' },
    }),
    tfjs: tfjsMlp(MLP_WIDTHS),
    latent: MLP_WIDTHS.latent,
    image: MLP_WIDTHS.image,
    maxBatch: 6,
    lr,
    betas,
  };
}

export function dcganCase(): StepCase {
  const lr = 1e-3;
  const betas: [number, number] = [0.9, 0.999];
  const nz = 8;
  return {
    name: 'DCGAN',
    step: buildTrainingStep({
      latent: { size: nz, distribution: 'normal', mean: 0, stddev: 1 },
      data: { shape: [28, 28, 1] },
      ...dcgan(4, nz),
      loss: targetLoss({ kind: 'bce' }),
      optimizers: { generator: adam({ beta1: betas[0], beta2: betas[1], epsilon: 1e-8 }), discriminator: adam({ beta1: betas[0], beta2: betas[1], epsilon: 1e-8 }) },
      schedule: { dSteps: 1, updates: 'alternating' },
    }),
    tfjs: tfjsDcgan(4, nz),
    latent: nz,
    image: [28, 28, 1],
    maxBatch: 4,
    lr,
    betas,
  };
}

/** tfjs optimizers with the case's settings (epsilon as the compiled Adam's). */
export function tfjsOptimizers(c: StepCase) {
  return {
    generator: tf.train.adam(c.lr, c.betas[0], c.betas[1], 1e-8),
    discriminator: tf.train.adam(c.lr, c.betas[0], c.betas[1], 1e-8),
  };
}

/** A real batch in [-1, 1] for iteration `iteration`. */
export function realBatch(c: StepCase, batch: number, iteration: number): Float32Array {
  return randomValues(batch * c.image[0] * c.image[1] * c.image[2], 1000 + iteration);
}
