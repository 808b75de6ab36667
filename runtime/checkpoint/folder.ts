import type * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { makeFolder, writeFileChecked } from '../files.js';
import { CheckpointError } from './error.js';
import { fingerprintDifferences, trainingFingerprint } from './fingerprint.js';
import { GENERATOR_FILES, MANIFEST_FILE, TRAINING_FILES, verifyCheckpoint, writeManifest } from './manifest.js';
import { loadOptimizerState, saveOptimizerState } from './optimizer-state.js';
import { restoreModelWeights, saveModelFolder } from './model-files.js';
import { CHECKPOINT_FORMAT, type GeneratorFacts, type TrainingState } from './state.js';

/**
 * A checkpoint is a folder `<run>/checkpoints/step_00001234/` holding
 * `generator/` and `discriminator/` (model.json + weights.bin each), `optimizers/`
 * (generator.json/.bin, discriminator.json/.bin), `state.json` and, written last,
 * `manifest.json` (each file's size and sha256, and the spec's fingerprint). It is written
 * under a temporary name `.step_00001234.<pid>.tmp` and renamed into place. Every use verifies
 * it against its manifest first, so a folder that was cut short, changed, or never finished is
 * named as such rather than half loaded.
 */
export const CHECKPOINTS_FOLDER = 'checkpoints';
const NAME = /^step_(\d+)$/;
const TEMPORARY = /^\.step_\d+\.(\d+)\.tmp$/;

export interface CheckpointContents {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer };
  state: TrainingState;
  /** How D's output reads (the program's `scores`, which the loss decides): part of the fingerprint. */
  scores: string;
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
  makeFolder(join(temporary, 'optimizers'));
  try {
    await saveModelFolder(contents.generator, join(temporary, 'generator'));
    await saveModelFolder(contents.discriminator, join(temporary, 'discriminator'));
    await saveOptimizerState(contents.optimizers.generator, join(temporary, 'optimizers'), 'generator');
    await saveOptimizerState(contents.optimizers.discriminator, join(temporary, 'optimizers'), 'discriminator');
    writeFileChecked(join(temporary, 'state.json'), JSON.stringify(contents.state));
    writeManifest(temporary, trainingFingerprint({ ...contents, name: contents.state.name }));
    // A checkpoint of the same step (a run resumed and stopped at once) is replaced whole.
    if (existsSync(final)) rmSync(final, { recursive: true });
    renameSync(temporary, final);
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  return final;
}

/** The run folder's `checkpoints/`, or undefined when it has none yet; a file of that name is an error. */
function checkpointsFolder(runFolder: string): string | undefined {
  const parent = join(runFolder, CHECKPOINTS_FOLDER);
  if (!existsSync(parent)) return undefined;
  if (!statSync(parent).isDirectory()) throw new CheckpointError(`${parent} is a file; a run keeps its checkpoints in a folder of that name`);
  return parent;
}

/** The run folder's step folders, the most steps first. */
function stepFolders(runFolder: string): string[] {
  const parent = checkpointsFolder(runFolder);
  if (parent === undefined) return [];
  return readdirSync(parent)
    .map((entry) => NAME.exec(entry))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .map((match) => join(parent, match[0]));
}

/** The newest of a run's checkpoints that verifies (for the files `needed`), and why each newer one does not. */
function newestVerified(runFolder: string, needed: readonly string[]): { path?: string; skipped: string[] } {
  const skipped: string[] = [];
  for (const folder of stepFolders(runFolder)) {
    const verified = verifyCheckpoint(folder, needed);
    if (verified.ok) return { path: folder, skipped };
    skipped.push(verified.problem);
  }
  return { skipped };
}

/**
 * The run folder's checkpoint with the most steps among those that verify, or undefined when
 * none does. Newer ones that do not (an empty `step_99999999/`, a truncated weights file) are
 * passed over, and the fallback is said in one line on stderr.
 */
export function latestCheckpoint(runFolder: string, needed: readonly string[] = TRAINING_FILES): string | undefined {
  const { path, skipped } = newestVerified(runFolder, needed);
  if (skipped.length > 0) {
    const fallback = path === undefined ? 'no checkpoint of this run verifies' : `using ${path}, the newest that verifies`;
    process.stderr.write(`warning: ${skipped.length === 1 ? 'a newer checkpoint does' : `${skipped.length} newer checkpoints do`} not verify (${skipped.join('; ')}); ${fallback}\n`);
  }
  return path;
}

/** A checkpoint folder given directly (verified), or the newest verified one of a run folder, for the generator alone. */
export function resolveCheckpoint(path: string): string {
  if (NAME.test(basename(path)) || existsSync(join(path, 'state.json')) || existsSync(join(path, MANIFEST_FILE))) {
    const verified = verifyCheckpoint(path, GENERATOR_FILES);
    if (!verified.ok) throw new CheckpointError(verified.problem);
    return path;
  }
  const latest = latestCheckpoint(path, GENERATOR_FILES);
  if (latest) return latest;
  if (!existsSync(path)) throw new CheckpointError(`${path} does not exist`);
  if (stepFolders(path).length > 0) throw new CheckpointError(`${path}: none of its checkpoints verifies`);
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

const STATE_FIELDS: readonly (keyof TrainingState)[] = ['name', 'epoch', 'iteration', 'step', 'epochs', 'iterationsPerEpoch', 'batchSize', 'limit', 'seed', 'rng', 'fixedNoise', 'history', 'monitors', 'generator'];

export function readTrainingState(checkpoint: string): TrainingState {
  const path = join(checkpoint, 'state.json');
  if (!existsSync(path)) throw new CheckpointError(`${checkpoint} is not a checkpoint: it has no state.json`);
  let state: TrainingState;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as TrainingState;
  } catch (error) {
    throw new CheckpointError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (state.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`${path} is checkpoint format ${String(state.format)}; this runtime reads format ${CHECKPOINT_FORMAT}`);
  }
  // A state that verifies yet lacks fields was written by hand or by another program: name what is missing.
  const missing = STATE_FIELDS.filter((field) => state[field] === undefined);
  if (missing.length > 0) throw new CheckpointError(`${path} lacks ${missing.join(', ')}: not a state a ganc trainer wrote`);
  return state;
}

/**
 * Loads a checkpoint's weights and optimizer state into freshly built networks and optimizers,
 * after verifying its files and that it was saved by networks like these (same layers and
 * activations, same loss): a spec changed underneath a run is refused with the differences.
 */
export async function restoreCheckpoint(
  checkpoint: string,
  into: Omit<CheckpointContents, 'state'>,
): Promise<TrainingState> {
  const verified = verifyCheckpoint(checkpoint, TRAINING_FILES);
  if (!verified.ok) throw new CheckpointError(verified.problem);
  const state = readTrainingState(checkpoint);
  const differences = fingerprintDifferences(verified.manifest.fingerprint, trainingFingerprint({ ...into, name: state.name }));
  if (differences.length > 0) {
    throw new CheckpointError(`${checkpoint} was saved by networks other than this trainer's: ${differences.join('; ')}`);
  }
  await restoreModelWeights(into.generator, join(checkpoint, 'generator'), 'generator');
  await restoreModelWeights(into.discriminator, join(checkpoint, 'discriminator'), 'discriminator');
  await loadOptimizerState(into.optimizers.generator, join(checkpoint, 'optimizers'), 'generator');
  await loadOptimizerState(into.optimizers.discriminator, join(checkpoint, 'optimizers'), 'discriminator');
  return state;
}

/**
 * Removes `.step_*.<pid>.tmp` folders left by trainers that were killed while writing a
 * checkpoint (4 to 9 MB each), saying so; a folder whose process still runs is left alone.
 */
export function removeStaleTemporaries(runFolder: string): void {
  const parent = checkpointsFolder(runFolder);
  if (parent === undefined) return;
  for (const entry of readdirSync(parent)) {
    const pid = Number(TEMPORARY.exec(entry)?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    rmSync(join(parent, entry), { recursive: true, force: true });
    process.stderr.write(`note: removed ${join(parent, entry)}, left by process ${pid}, which is no longer running\n`);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
