import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainingStep } from '../../compiler/graph/step.js';
import { checkSource } from '../../compiler/index.js';
import { lowerTrainingGraph } from '../../compiler/lower-step.js';

/** A spec of specs/ lowered to its compiled training step, as `ganc compile` lowers it. */
export function specStep(name: string): TrainingStep {
  const path = join(__dirname, '..', '..', 'specs', `${name}.gan`);
  const text = readFileSync(path, 'utf8');
  const checked = checkSource(text, path);
  if (!checked.ir) throw new Error(`${name}.gan does not check: ${checked.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  const lowered = lowerTrainingGraph(checked.ir, { path, text });
  if (!lowered.ok) throw new Error(`${name}.gan does not lower: ${lowered.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return lowered.step;
}

/** Seed A's and seed B5's training steps at full size, from their specs. */
export const seedAStep = (): TrainingStep => specStep('seed_a_mlp');
export const seedB5Step = (): TrainingStep => specStep('seed_b5_dcgan');
