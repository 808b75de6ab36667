import { targetLoss } from '../../compiler/graph/losses.js';
import { adam } from '../../compiler/graph/optimizers.js';
import { buildTrainingStep, type TrainingStep } from '../../compiler/graph/step.js';
import { dcgan, mlpGan, SEED_A } from './networks.js';

/** Seed A's and seed B5's training steps at full size, as their specs define them. */
export function seedAStep(): TrainingStep {
  return buildTrainingStep({
    latent: { size: 100, distribution: 'normal', mean: 0, stddev: 1 },
    data: { shape: [28, 28, 1] },
    ...mlpGan(SEED_A),
    loss: targetLoss({ kind: 'bce' }),
    optimizers: { generator: adam({ beta1: 0.5, beta2: 0.999, epsilon: 1e-8 }), discriminator: adam({ beta1: 0.5, beta2: 0.999, epsilon: 1e-8 }) },
    schedule: { dSteps: 1, updates: 'alternating' },
  });
}

export function seedB5Step(): TrainingStep {
  return buildTrainingStep({
    latent: { size: 100, distribution: 'normal', mean: 0, stddev: 1 },
    data: { shape: [28, 28, 1] },
    ...dcgan(64, 100),
    loss: targetLoss({ kind: 'bce' }),
    optimizers: { generator: adam({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }), discriminator: adam({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }) },
    schedule: { dSteps: 1, updates: 'alternating' },
  });
}
