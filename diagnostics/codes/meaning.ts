import type { CodeEntry } from './entry.js';

/** GAN05xx: choices that are legal but wrong or suspect (activation vs loss, data range). */
export const meaningCodes = {
  sigmoidWithLogitsLoss: { code: 'GAN0501', severity: 'error', summary: 'a sigmoid-ended discriminator under a loss that reads logits (`bce(from_logits = true)`, relativistic losses)' },
  logitsWithProbabilityLoss: { code: 'GAN0502', severity: 'error', summary: 'a discriminator without sigmoid under `bce` on probabilities' },
  sigmoidCritic: { code: 'GAN0503', severity: 'error', summary: 'a sigmoid-ended critic under a wasserstein or hinge loss' },
  generatorRange: { code: 'GAN0504', severity: 'error', summary: 'the generator\'s output range differs from the data range' },
  wassersteinConstraint: { code: 'GAN0505', severity: 'error', summary: 'a wasserstein loss needs exactly one of `gradient_penalty` and `clip`' },
  samplesCount: { code: 'GAN0506', severity: 'error', summary: 'a sample count that does not fill the grid' },
  unusedLabels: { code: 'GAN0507', severity: 'warning', summary: 'labelled data that neither network reads' },
  batchNormInCritic: { code: 'GAN0508', severity: 'warning', summary: 'batch norm in a critic trained with gradient penalty' },
  biasBeforeBatchNorm: { code: 'GAN0509', severity: 'warning', summary: 'a bias that the next batch norm cancels' },
  highAdamLearningRate: { code: 'GAN0510', severity: 'warning', summary: 'an Adam learning rate above 0.01' },
} satisfies Record<string, CodeEntry>;
