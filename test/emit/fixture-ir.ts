import { checkSource } from '../../compiler/index.js';
import type { SpecIR } from '../../compiler/ir.js';
import { lossKinds } from '../../compiler/losses/registry.js';
import { optimizerKinds } from '../../compiler/optimizers/registry.js';

/**
 * Small specs (an MLP GAN on MNIST, the shape of seed A) checked by the real checker, for
 * emitter tests: one IR per emitter branch (every loss, G loss, label smoothing, update rule,
 * D-step count, optimizer and schedule), and a conditional one.
 */

export interface FixtureOptions {
  conditional?: boolean;
  loss?: string;
  /** D's last layer: `sigmoid` (probabilities) or none (logits, critic scores). */
  sigmoid?: boolean;
  train?: string;
  optimizers?: { generator: string; discriminator: string };
}

export function fixtureSpec(options: FixtureOptions = {}): string {
  const conditional = options.conditional ?? false;
  const optimizers = options.optimizers ?? { generator: 'adam(lr = 2e-4, betas = [0.5, 0.999])', discriminator: 'adam(lr = 2e-4, betas = [0.5, 0.999])' };
  return [
    'title "A small MLP GAN"',
    '',
    `data mnist(batch = 8${conditional ? ', labels = true' : ''})`,
    'latent normal(size = 4)',
    '',
    'generator G {',
    '  dense(16)',
    '  relu',
    ...(conditional ? ['  label_embed(3)'] : []),
    '  dense(784)',
    '  tanh',
    '  reshape(28, 28, 1)',
    '}',
    '',
    'discriminator D {',
    ...(conditional ? ['  label_embed(1)'] : []),
    '  flatten',
    '  spectral_norm(dense(8))',
    '  leaky_relu(0.2)',
    '  dense(1)',
    ...((options.sigmoid ?? true) ? ['  sigmoid'] : []),
    '}',
    '',
    `loss ${options.loss ?? 'bce'}`,
    `optimizer G ${optimizers.generator}`,
    `optimizer D ${optimizers.discriminator}`,
    '',
    options.train ?? 'train(epochs = 1, seed = 1)',
  ].join('\n');
}

export function fixtureIR(options: FixtureOptions = {}): SpecIR {
  const path = 'specs/fixture.gan';
  const result = checkSource(fixtureSpec(options), path);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.ir === undefined) throw new Error(`the fixture spec does not check: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return result.ir;
}

/** A loss statement that checks against the fixture's D: probabilities unless the loss reads logits or critic scores. */
const lossCases: Record<string, Pick<FixtureOptions, 'loss' | 'sigmoid'>> = {
  wasserstein: { loss: 'wasserstein(gradient_penalty = 10)', sigmoid: false },
};

/** One IR per emitter branch, and one per loss and per optimizer of the registries (so a new one is emitted and type-checked with no edit here). */
export function emitterVariants(): Record<string, SpecIR> {
  const perLoss = [...lossKinds.values()].map((kind) => {
    const probabilities = kind.scores({}) === 'probability';
    return [`loss_${kind.name}`, fixtureIR(lossCases[kind.name] ?? { loss: kind.name, sigmoid: probabilities })] as const;
  });
  const perOptimizer = [...optimizerKinds.keys()].map((name) => [`optimizer_${name}`, fixtureIR({ optimizers: { generator: `${name}(lr = 1e-3)`, discriminator: `${name}(lr = 1e-3)` } })] as const);
  return {
    ...Object.fromEntries([...perLoss, ...perOptimizer]),
    bce_probabilities: fixtureIR(),
    bce_fresh_generator_fakes: fixtureIR({ train: 'train(epochs = 1, g_fakes = fresh, seed = 1)' }),
    bce_logits_minimax_smoothed: fixtureIR({ loss: 'bce(from_logits = true, g_loss = minimax, label_smoothing = 0.1)', sigmoid: false }),
    least_squares_smoothed: fixtureIR({ loss: 'least_squares(label_smoothing = 0.3)' }),
    wasserstein_penalty_five_d_steps: fixtureIR({
      loss: 'wasserstein(gradient_penalty = 10)',
      sigmoid: false,
      train: 'train(epochs = 1, d_steps = 5, seed = 1)',
      optimizers: { generator: 'sgd(lr = 1e-3, momentum = 0.9, schedule = step(every = 10, gamma = 0.5))', discriminator: 'rmsprop(lr = 5e-5, schedule = linear)' },
    }),
    wasserstein_clip_simultaneous: fixtureIR({
      loss: 'wasserstein(clip = 0.01)',
      sigmoid: false,
      train: 'train(epochs = 1, updates = simultaneous, seed = 1)',
      optimizers: { generator: 'sgd(lr = 1e-3, schedule = exponential(gamma = 0.99))', discriminator: 'rmsprop(lr = 5e-5, schedule = linear)' },
    }),
    hinge_conditional_simultaneous: fixtureIR({ loss: 'hinge', sigmoid: false, conditional: true, train: 'train(epochs = 1, updates = simultaneous, seed = 1)' }),
    wasserstein_penalty_conditional: fixtureIR({
      loss: 'wasserstein(gradient_penalty = 10)',
      sigmoid: false,
      conditional: true,
      train: 'train(epochs = 1, d_steps = 2, seed = 1)',
    }),
  };
}
