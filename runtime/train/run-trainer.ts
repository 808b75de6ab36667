import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BackendUnavailableError, describeChoice, selectBackend } from '../backends/index.js';
import { CheckpointError } from '../checkpoint/error.js';
import { latestCheckpoint, readTrainingState, removeStaleTemporaries, restoreCheckpoint } from '../checkpoint/folder.js';
import type { TrainingState } from '../checkpoint/state.js';
import { DataError, loadDataset, type Dataset } from '../data/index.js';
import { monitorsFor } from '../monitor/index.js';
import { realSpread } from '../monitor/sample-spread.js';
import type { Networks, TrainerProgram } from '../program.js';
import { TrainerError } from './errors.js';
import { parseTrainerFlags, type TrainerFlags } from './flags.js';
import { TrainingLoop, type FixedNoise, type Outcome, type RunSettings } from './loop.js';
import { MetricsLog } from './metrics-log.js';
import { assembleNetworks, buildModels, drawLatent } from './networks.js';
import { EpochProgress } from './progress.js';
import { restoreRandomness, runRandomness, type RunRandomness } from './randomness.js';
import { setRunRng } from './run-random.js';

/**
 * The entry point of every generated trainer: parses the command line, picks the backend,
 * loads the data, builds (or restores) the networks and trains. User errors print one message
 * and set a non-zero exit code; a run stopped by a NaN loss exits 1.
 */
export async function runTrainer(program: TrainerProgram, argv: string[]): Promise<void> {
  try {
    const flags = parseTrainerFlags(program, argv);
    if (!flags) return;
    const outcome = await train(program, flags);
    if (outcome === 'diverged') process.exitCode = 1;
  } catch (error) {
    if (error instanceof TrainerError || error instanceof BackendUnavailableError || error instanceof DataError || error instanceof CheckpointError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = error instanceof TrainerError ? error.exitCode : 1;
      return;
    }
    throw error;
  }
}

/** Each of the run's random streams is seeded from seed * 4 + stream, which must stay a safe integer. */
const MAX_SEED = 2 ** 50;

/** Resume takes the run's own seed, batch size and image limit; a flag that contradicts them is an error. */
function settle(flag: number | undefined, saved: number | null | undefined, name: string, fallback: number | undefined): number | undefined {
  if (saved === undefined) return flag ?? fallback;
  if (flag !== undefined && flag !== (saved ?? undefined)) {
    throw new TrainerError(`--${name} ${flag} differs from the run being resumed (${saved ?? 'none'}): a resumed run keeps its ${name}`, 2);
  }
  return saved ?? undefined;
}

async function train(program: TrainerProgram, flags: TrainerFlags): Promise<Outcome> {
  const runFolder = resolve(flags.out);
  removeStaleTemporaries(runFolder);
  const checkpoint = latestCheckpoint(runFolder);
  if (flags.resume && !checkpoint) throw new TrainerError(`--resume: ${runFolder} holds no checkpoint to continue from`);
  if (!flags.resume && checkpoint) {
    throw new TrainerError(`${runFolder} already holds a run (${checkpoint}): pass --resume to continue it, or --out to start a new run elsewhere`, 2);
  }
  const saved: TrainingState | undefined = flags.resume && checkpoint ? readTrainingState(checkpoint) : undefined;
  if (saved && saved.name !== program.name) {
    throw new TrainerError(`--resume: ${checkpoint} belongs to ${saved.name}, not ${program.name}`);
  }
  const seed = settle(flags.seed, saved?.seed, 'seed', program.schedule.seed)!;
  const batchSize = settle(flags.batchSize, saved?.batchSize, 'batch-size', program.data.batchSize)!;
  const limit = settle(flags.limit, saved ? saved.limit : undefined, 'limit', undefined);
  const epochs = flags.epochs ?? saved?.epochs ?? program.schedule.epochs;
  if (Math.abs(seed) > MAX_SEED) throw new TrainerError(`the seed must lie within ±${MAX_SEED}, got ${seed}`, 2);

  const choice = await selectBackend(flags.backend);
  for (const line of describeChoice(choice)) process.stdout.write(`${line}\n`);

  const dataset = loadDataset(program.data, { dataDir: flags.dataDir, split: 'train', limit });
  if (program.conditional && !dataset.hasLabels) throw new TrainerError('this model is conditional but the data set carries no labels');
  const batchesPerStep = program.schedule.updates === 'simultaneous' ? 1 : program.schedule.dSteps;
  const iterationsPerEpoch = Math.floor(dataset.count / (batchSize * batchesPerStep));
  if (iterationsPerEpoch < 1) {
    throw new TrainerError(`${dataset.count} images are too few for one step of ${batchesPerStep} batch(es) of ${batchSize}: lower --batch-size or raise --limit`);
  }
  if (saved && saved.iterationsPerEpoch !== iterationsPerEpoch) {
    throw new TrainerError(`the data now gives ${iterationsPerEpoch} iterations per epoch, the run being resumed had ${saved.iterationsPerEpoch}: the data set changed`);
  }
  const settings: RunSettings = { epochs, batchSize, limit, seed, steps: flags.steps, minutes: flags.minutes, batchesPerStep, iterationsPerEpoch };

  const randomness = saved ? restoreRandomness(seed, saved.rng) : runRandomness(seed);
  const models = buildModels(program, randomness.build);
  const optimizers = program.makeOptimizers();
  try {
    if (checkpoint && saved) await restoreCheckpoint(checkpoint, { ...models, optimizers, scores: program.scores });
    return await trainNetworks(program, assembleNetworks(program, models, optimizers, randomness.noise), {
      dataset,
      randomness,
      runFolder,
      settings,
      resumed: saved && checkpoint ? { checkpoint, state: saved } : undefined,
    });
  } finally {
    // A trainer may run inside a longer-lived process (tests, notebooks): give the memory back.
    models.generator.dispose();
    models.discriminator.dispose();
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
  }
}

interface RunContext {
  dataset: Dataset;
  randomness: RunRandomness;
  runFolder: string;
  settings: RunSettings;
  resumed?: { checkpoint: string; state: TrainingState };
}

/** Sets up the run folder, the fixed sample noise and the monitors (fresh or as saved), then runs the loop. */
async function trainNetworks(program: TrainerProgram, networks: Networks, context: RunContext): Promise<Outcome> {
  const { dataset, randomness, runFolder, settings, resumed } = context;
  const saved = resumed?.state;
  const fixedNoise: FixedNoise = saved
    ? {
        latent: Float32Array.from(saved.fixedNoise.latent),
        labels: saved.fixedNoise.labels ? Int32Array.from(saved.fixedNoise.labels) : null,
      }
    : {
        latent: drawLatent(program.latent, program.samples.count, randomness.noise),
        // Classes in turn, so a grid with as many columns as classes shows one class per column.
        labels: program.conditional ? Int32Array.from({ length: program.samples.count }, (_, i) => i % program.data.classes) : null,
      };
  const monitors = monitorsFor(program.scores);
  if (saved) monitors.restore(saved.monitors);

  mkdirSync(runFolder, { recursive: true });
  const metrics = new MetricsLog(join(runFolder, 'metrics.jsonl'));
  if (saved) metrics.keepUpTo(saved.step);
  else metrics.reset();

  process.stdout.write(
    `training ${program.name}: ${dataset.count} images, batch ${settings.batchSize}, ` +
      `${settings.epochs} epoch(s) of ${settings.iterationsPerEpoch} iterations, seed ${settings.seed}\n` +
      `run folder: ${runFolder}\n` +
      (resumed ? `resuming from ${resumed.checkpoint} (epoch ${resumed.state.epoch + 1}, iteration ${resumed.state.iteration}, step ${resumed.state.step})\n` : ''),
  );
  setRunRng(randomness.noise);
  try {
    return await new TrainingLoop({
      program,
      networks,
      dataset,
      randomness,
      monitors,
      metrics,
      progress: new EpochProgress(),
      runFolder,
      settings,
      fixedNoise,
      realSpread: await realSpread(dataset),
      position: {
        epoch: saved?.epoch ?? 0,
        iteration: saved?.iteration ?? 0,
        step: saved?.step ?? 0,
        dataAtEpochStart: saved?.rng.dataAtEpochStart ?? randomness.data.state(),
        history: saved?.history ?? { lossD: [], lossG: [] },
      },
      lastCheckpoint: resumed ? { path: resumed.checkpoint, step: resumed.state.step } : undefined,
    }).run();
  } finally {
    setRunRng(undefined);
  }
}
