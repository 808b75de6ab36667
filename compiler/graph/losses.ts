import type { GraphBuilder, Tensor } from './builder.js';

/**
 * GAN losses over D's scores, as tfjs computes them (the emitter's `discriminatorLoss` and
 * `generatorLoss`). D's loss sees real and fake scores; G's loss sees the fake scores and, on
 * demand, the real ones (relativistic losses), which costs a forward pass of D only if used.
 */
export interface LossLowering {
  /** How D's output reads: a probability, a logit, or an unbounded critic score. */
  scores: 'probability' | 'logit' | 'critic';
  discriminator(b: GraphBuilder, scores: { real: Tensor; fake: Tensor }): Tensor;
  generator(b: GraphBuilder, scores: { fake: Tensor; real: () => Tensor }): Tensor;
}

/** tf.losses.logLoss with a constant target: mean(-(y log(p + eps) + (1 - y) log(1 - p + eps))). */
export function logLoss(b: GraphBuilder, p: Tensor, target: number): Tensor {
  const eps = 1e-7;
  const hit = () => b.neg(b.log(b.add(p, eps)));
  const miss = () => b.neg(b.log(b.add(b.sub(1, p), eps)));
  // At a 0 or 1 target one term is exactly zero in tfjs too (0 times a finite log).
  const losses = target === 1 ? hit() : target === 0 ? miss() : b.add(b.mul(hit(), target), b.mul(miss(), 1 - target));
  return b.mean(losses);
}

/** tf.losses.sigmoidCrossEntropy: mean(max(x, 0) - x z + log1p(exp(-|x|))). */
export function sigmoidCrossEntropy(b: GraphBuilder, logits: Tensor, target: number): Tensor {
  const losses = b.add(b.sub(b.relu(logits), b.mul(logits, target)), b.log1p(b.exp(b.neg(b.abs(logits)))));
  return b.mean(losses);
}

/** tf.losses.meanSquaredError with a constant target. */
export function meanSquaredError(b: GraphBuilder, scores: Tensor, target: number): Tensor {
  return b.mean(b.square(b.sub(target, scores)));
}

/**
 * PyTorch's BCELoss: mean(-(t max(log p, -100) + (1 - t) max(log(1 - p), -100))). Its gradient
 * differs from the emitted trainer's custom one only where a log is clamped (p within e^-100 of 0 or 1).
 */
export function pytorchBinaryCrossEntropy(b: GraphBuilder, p: Tensor, target: number): Tensor {
  const hit = () => b.neg(b.maximum(b.log(p), -100));
  const miss = () => b.neg(b.maximum(b.log(b.sub(1, p)), -100));
  const losses = target === 1 ? hit() : target === 0 ? miss() : b.add(b.mul(hit(), target), b.mul(miss(), 1 - target));
  return b.mean(losses);
}

/** Keras's binary_crossentropy: p clipped to [1e-7, 1 - 1e-7], then logLoss's 1e-7 inside the logs. */
export function kerasBinaryCrossEntropy(b: GraphBuilder, p: Tensor, target: number): Tensor {
  return logLoss(b, b.clamp(p, 1e-7, 1 - 1e-7), target);
}

/** Which probability cross-entropy a `bce` loss computes. */
export type ProbabilityCrossEntropy = 'tfjs' | 'pytorch' | 'keras';

const probabilityLosses: Record<ProbabilityCrossEntropy, (b: GraphBuilder, p: Tensor, target: number) => Tensor> = {
  tfjs: logLoss,
  pytorch: pytorchBinaryCrossEntropy,
  keras: kerasBinaryCrossEntropy,
};

export interface TargetLossOptions {
  kind: 'bce' | 'least_squares';
  fromLogits?: boolean;
  /** On probabilities: whose cross-entropy (default tf.losses.logLoss). */
  crossEntropy?: ProbabilityCrossEntropy;
  generatorLoss?: 'non_saturating' | 'minimax';
  /** One-sided: real images aim at 1 - s. */
  labelSmoothing?: number;
}

/** BCE (on probabilities or logits) or least squares: real against 1 (or 1 - s), fakes against 0. */
export function targetLoss(options: TargetLossOptions): LossLowering {
  const fromLogits = options.kind === 'bce' && options.fromLogits === true;
  const loss = (b: GraphBuilder, scores: Tensor, target: number) =>
    options.kind === 'least_squares'
      ? meanSquaredError(b, scores, target)
      : fromLogits
        ? sigmoidCrossEntropy(b, scores, target)
        : probabilityLosses[options.crossEntropy ?? 'tfjs'](b, scores, target);
  const realTarget = 1 - (options.labelSmoothing ?? 0);
  return {
    scores: fromLogits ? 'logit' : 'probability',
    discriminator: (b, { real, fake }) => b.add(loss(b, real, realTarget), loss(b, fake, 0)),
    generator: (b, { fake }) => (options.kind === 'bce' && options.generatorLoss === 'minimax' ? b.neg(loss(b, fake, 0)) : loss(b, fake, 1)),
  };
}

/** Wasserstein: D minimises mean D(G(z)) - mean D(x); G minimises -mean D(G(z)). */
export const wassersteinLoss: LossLowering = {
  scores: 'critic',
  discriminator: (b, { real, fake }) => b.sub(b.mean(fake), b.mean(real)),
  generator: (b, { fake }) => b.neg(b.mean(fake)),
};

/** Hinge: mean relu(1 - D(x)) + mean relu(1 + D(G(z))); G as Wasserstein's. */
export const hingeLoss: LossLowering = {
  scores: 'critic',
  discriminator: (b, { real, fake }) => b.add(b.mean(b.relu(b.sub(1, real))), b.mean(b.relu(b.add(fake, 1)))),
  generator: (b, { fake }) => b.neg(b.mean(fake)),
};

/**
 * Relativistic average BCE on logits (Jolicoeur-Martineau 2018): each side's logits against
 * the other side's mean. G's loss reads the real scores.
 */
export const relativisticAverageLoss: LossLowering = {
  scores: 'logit',
  discriminator: (b, { real, fake }) =>
    b.add(sigmoidCrossEntropy(b, b.sub(real, b.mean(fake)), 1), sigmoidCrossEntropy(b, b.sub(fake, b.mean(real)), 0)),
  generator: (b, { fake, real }) => {
    const r = real();
    return b.add(sigmoidCrossEntropy(b, b.sub(r, b.mean(fake)), 0), sigmoidCrossEntropy(b, b.sub(fake, b.mean(r)), 1));
  },
};
