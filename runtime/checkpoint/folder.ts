import type * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError } from './error.js';
import { loadOptimizerState, saveOptimizerState } from './optimizer-state.js';
import { restoreModelWeights, saveModelFolder } from './model-files.js';
import { CHECKPOINT_FORMAT, type GeneratorFacts, type TrainingState } from './state.js';

/**
 * A checkpoint is a folder `<run>/checkpoints/step_00001234/` holding
 * `generator/` and `discriminator/` (model.json + weights.bin each), `optimizers/`
 * (generator.json/.bin, discriminator.json/.bin) and `state.json`. It is written under a
 * temporary name and renamed into place, so a folder with the final name is always complete.
 */
export const CHECKPOINTS_FOLDER = 'checkpoints';
const NAME = /^step_(\d+)$/;

export interface CheckpointContents {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer };
  state: TrainingState;
}

export function checkpointName(step: number): string {
  return `step_${String(step).padStart(8, '0')}`;
}

export async function saveCheckpoint(runFolder: string, contents: CheckpointContents): Promise<string> {
  const parent = join(runFolder, CHECKPOINTS_FOLDER);
  const name = checkpointName(contents.state.step);
  const final = join(parent, name);
  const temporary = join(parent, `.${name}.${process.pid}.tmp`);
  rmSync(temporary, { recursive: true, force: true });
  mkdirSync(join(temporary, 'optimizers'), { recursive: true });
  try {
    await saveModelFolder(contents.generator, join(temporary, 'generator'));
    await saveModelFolder(contents.discriminator, join(temporary, 'discriminator'));
    await saveOptimizerState(contents.optimizers.generator, join(temporary, 'optimizers'), 'generator');
    await saveOptimizerState(contents.optimizers.discriminator, join(temporary, 'optimizers'), 'discriminator');
    writeFileSync(join(temporary, 'state.json'), JSON.stringify(contents.state));
    // A checkpoint of the same step (a run resumed and stopped at once) is replaced whole.
    if (existsSync(final)) rmSync(final, { recursive: true });
    renameSync(temporary, final);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  return final;
}

/** The run folder's checkpoint with the most steps, or undefined when it has none. */
export function latestCheckpoint(runFolder: string): string | undefined {
  const parent = join(runFolder, CHECKPOINTS_FOLDER);
  if (!existsSync(parent)) return undefined;
  const steps = readdirSync(parent)
    .map((entry) => NAME.exec(entry))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ name: match[0], step: Number(match[1]) }))
    .sort((a, b) => b.step - a.step);
  return steps.length > 0 ? join(parent, steps[0].name) : undefined;
}

/** A checkpoint folder given directly, or the latest one of a run folder. */
export function resolveCheckpoint(path: string): string {
  if (existsSync(join(path, 'state.json'))) return path;
  const latest = latestCheckpoint(path);
  if (latest) return latest;
  if (!existsSync(path)) throw new CheckpointError(`${path} does not exist`);
  throw new CheckpointError(`${path} is neither a checkpoint folder (no state.json) nor a run folder with checkpoints (no ${CHECKPOINTS_FOLDER}/step_*)`);
}

/** Formats whose generator facts read as this runtime's: `sample`, `eval` and `export` take them. */
const GENERATOR_FORMATS: readonly number[] = [1, CHECKPOINT_FORMAT];

/** What `sample`, `eval` and `export` need of a checkpoint: its generator facts, from any format that has them as now. */
export function readGeneratorFacts(checkpoint: string): GeneratorFacts {
  const path = join(checkpoint, 'state.json');
  if (!existsSync(path)) throw new CheckpointError(`${checkpoint} is not a checkpoint: it has no state.json`);
  const state = JSON.parse(readFileSync(path, 'utf8')) as Pick<TrainingState, 'format' | 'generator'>;
  if (!GENERATOR_FORMATS.includes(state.format)) {
    throw new CheckpointError(`${path} is checkpoint format ${String(state.format)}; this runtime reads formats ${GENERATOR_FORMATS.join(' and ')}`);
  }
  return state.generator;
}

export function readTrainingState(checkpoint: string): TrainingState {
  const path = join(checkpoint, 'state.json');
  if (!existsSync(path)) throw new CheckpointError(`${checkpoint} is not a checkpoint: it has no state.json`);
  const state = JSON.parse(readFileSync(path, 'utf8')) as TrainingState;
  if (state.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`${path} is checkpoint format ${String(state.format)}; this runtime reads format ${CHECKPOINT_FORMAT}`);
  }
  return state;
}

/** Loads a checkpoint's weights and optimizer state into freshly built networks and optimizers. */
export async function restoreCheckpoint(
  checkpoint: string,
  into: Omit<CheckpointContents, 'state'>,
): Promise<TrainingState> {
  const state = readTrainingState(checkpoint);
  await restoreModelWeights(into.generator, join(checkpoint, 'generator'), 'generator');
  await restoreModelWeights(into.discriminator, join(checkpoint, 'discriminator'), 'discriminator');
  await loadOptimizerState(into.optimizers.generator, join(checkpoint, 'optimizers'), 'generator');
  await loadOptimizerState(into.optimizers.discriminator, join(checkpoint, 'optimizers'), 'discriminator');
  return state;
}
