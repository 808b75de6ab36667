import type { LossIR } from '../ir.js';

export type ScoreReading = 'probability' | 'logit' | 'critic';

/** How D's output reads under the spec's loss (`TrainerProgram.scores`). */
export function scoreReading(loss: LossIR): ScoreReading {
  if (loss.kind === 'wasserstein' || loss.kind === 'hinge') return 'critic';
  return loss.kind === 'bce' && loss.fromLogits ? 'logit' : 'probability';
}
