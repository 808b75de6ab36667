import type * as tf from '@tensorflow/tfjs';
import { dirname, join, resolve } from 'node:path';
import { BackendUnavailableError, describeChoice, selectBackend } from '../backends/index.js';
import { CheckpointError } from '../checkpoint/error.js';
import { latestCheckpoint, readTrainingState, restoreCheckpoint } from '../checkpoint/folder.js';
import type { TrainingState } from '../checkpoint/state.js';
import { DataError, loadDataset, type Dataset } from '../data/index.js';
import { FileWriteError } from '../files.js';
import { initializeWeights } from '../layers/initialize.js';
import { monitorsFor } from '../monitor/index.js';
import { realSpread } from '../monitor/sample-spread.js';
import type { Optimizers, RunSpec, TrainerProgram } from '../program.js';
import { RunArtefacts, type FixedNoise } from './artefacts.js';
import { TrainerError } from './errors.js';
import { parseTrainerFlags, type TrainerFlags } from './flags.js';
import { TrainingLoop, type Outcome } from './loop.js';
import { MetricsLog } from './metrics-log.js';
import type { RunSettings } from './position.js';
import { fixedSampleLatent } from './draws.js';
import { EpochProgress } from './progress.js';
import { restoreRandomness, runRandomness, type RunRandomness } from './randomness.js';
import { claimRunFolder } from './run-folder.js';
import { CompiledRun } from './compiled-run.js';
import { StopRules } from './stop-rules.js';

/**
 * The entry point of every generated trainer: parses the command line, picks the backend,
 * loads the data, builds (or restores) the networks and trains. It never rejects: user errors
 * print one message and set a non-zero exit code, a run stopped by a NaN loss exits 1, and
 * anything else is a bug, printed with its stack (exit 70).
 */
export async function runTrainer(program: TrainerProgram, argv: string[]): Promise<void> {
  try {
    const flags = parseTrainerFlags(program, argv);
    if (!flags) return;
    const outcome = await train(program, flags);
    if (outcome === 'diverged') process.exitCode = 1;
  } catch (error) {
    if (error instanceof TrainerError || error instanceof BackendUnavailableError || error instanceof DataError || error instanceof CheckpointError || error instanceof FileWriteError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = error instanceof TrainerError ? error.exitCode : 1;
      return;
    }
    process.stderr.write(`internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 70;
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

/** Trains in the run folder, which is made, locked and cleared of killed trainers' leftovers first, and unlocked at the end. */
async function train(program: TrainerProgram, flags: TrainerFlags): Promise<Outcome> {
  const runFolder = resolve(flags.out);
  const lock = claimRunFolder(runFolder);
  try {
    return await trainInFolder(program, flags, runFolder);
  } finally {
    lock.unlock();
  }
}

async function trainInFolder(program: TrainerProgram, flags: TrainerFlags, runFolder: string): Promise<Outcome> {
  const checkpoint = latestCheckpoint(runFolder);
  if (flags.resume && !checkpoint) throw new TrainerError(`--resume: ${runFolder} holds no checkpoint to continue from`);
  if (!flags.resume && checkpoint) {
    throw new TrainerError(`${runFolder} already holds a run (${checkpoint}): pass --resume to continue it, or --out to start a new run elsewhere`, 2);
  }
  const { spec } = program;
  const saved: TrainingState | undefined = flags.resume && checkpoint ? readTrainingState(checkpoint) : undefined;
  if (saved && saved.name !== spec.name) {
    throw new TrainerError(`--resume: ${checkpoint} belongs to ${saved.name}, not ${spec.name}`);
  }
  const seed = settle(flags.seed, saved?.seed, 'seed', spec.schedule.seed)!;
  const batchSize = settle(flags.batchSize, saved?.batchSize, 'batch-size', spec.data.batchSize)!;
  const limit = settle(flags.limit, saved ? saved.limit : undefined, 'limit', undefined);
  const epochs = flags.epochs ?? saved?.epochs ?? spec.schedule.epochs;
  if (Math.abs(seed) > MAX_SEED) throw new TrainerError(`the seed must lie within ±${MAX_SEED}, got ${seed}`, 2);

  const choice = await selectBackend(flags.backend, { verbose: flags.verbose });
  for (const line of describeChoice(choice)) process.stdout.write(`${line}\n`);

  const dataset = loadDataset(spec.data, { dataDir: flags.dataDir, split: 'train', limit });
  if (spec.data.labels && !dataset.hasLabels) throw new TrainerError('this model is conditional but the data set carries no labels');
  const batchesPerStep = spec.schedule.updates === 'simultaneous' ? 1 : spec.schedule.dSteps;
  const batchesPerEpoch = spec.data.dropLast ? Math.floor(dataset.count / batchSize) : Math.ceil(dataset.count / batchSize);
  // A step takes d_steps batches: batches left over at an epoch's end that cannot make a step are skipped.
  const iterationsPerEpoch = Math.floor(batchesPerEpoch / batchesPerStep);
  if (iterationsPerEpoch < 1) {
    throw new TrainerError(`${dataset.count} images are too few for one step of ${batchesPerStep} batch(es) of ${batchSize}: lower --batch-size or raise --limit`);
  }
  if (saved && saved.iterationsPerEpoch !== iterationsPerEpoch) {
    throw new TrainerError(`the data now gives ${iterationsPerEpoch} iterations per epoch, the run being resumed had ${saved.iterationsPerEpoch}: the data set changed`);
  }
  const settings: RunSettings = { epochs, batchSize, limit, seed, steps: flags.steps, minutes: flags.minutes, batchesPerStep, iterationsPerEpoch };

  const randomness = saved ? restoreRandomness(seed, saved.rng) : runRandomness(seed);
  const models = { generator: program.buildGenerator(), discriminator: program.buildDiscriminator() };
  initializeWeights(models.generator, randomness.build);
  initializeWeights(models.discriminator, randomness.build);
  const optimizers = program.makeOptimizers();
  try {
    if (checkpoint && saved) await restoreCheckpoint(checkpoint, { ...models, optimizers, scores: program.spec.scores });
    const compiled = flags.executor === 'compiled' ? await startCompiled(program, flags, models, optimizers) : undefined;
    if (!compiled) process.stdout.write(`executor: tfjs (op by op on the ${choice.name} backend)\n`);
    try {
      return await trainNetworks(program, {
        compiled,
        models,
        optimizers,
        dataset,
        randomness,
        runFolder,
        settings,
        dataPath: flags.dataDir ?? spec.data.path,
        resumed: saved && checkpoint ? { checkpoint, state: saved } : undefined,
      });
    } finally {
      compiled?.destroy();
    }
  } finally {
    // A trainer may run inside a longer-lived process (tests, notebooks): give the memory back.
    models.generator.dispose();
    models.discriminator.dispose();
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
  }
}

/** The compiled executor with the models' weights (and a resumed run's optimizer state) uploaded; its start-up line printed. */
async function startCompiled(program: TrainerProgram, flags: TrainerFlags, models: RunContext['models'], optimizers: Optimizers): Promise<CompiledRun> {
  const planPath = resolve(flags.plan ?? join(dirname(resolve(process.argv[1] ?? '.')), `${program.spec.name}.plan.json`));
  const compiled = await CompiledRun.start(planPath, program.spec, models, optimizers);
  process.stdout.write(`executor: compiled (${planPath}, one command buffer per iteration on ${compiled.adapter || 'the WebGPU adapter'})\n`);
  return compiled;
}

/** The step's shape in one line, as the run's banner says it. */
function describeStep(schedule: RunSpec['schedule']): string {
  if (schedule.updates === 'simultaneous') return 'D and G together, both gradients from one forward pass';
  const d = schedule.dSteps === 1 ? 'D' : `${schedule.dSteps} D steps`;
  return `${d}, then G on ${schedule.generatorFakes === 'reuse' ? 'the images D saw' : 'images of fresh noise'}`;
}

interface RunContext {
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel };
  optimizers: Optimizers;
  dataset: Dataset;
  randomness: RunRandomness;
  runFolder: string;
  settings: RunSettings;
  /** The folder the data came from (`--data-dir`, else the spec's `path`); undefined for a bundled set. */
  dataPath: string | undefined;
  resumed?: { checkpoint: string; state: TrainingState };
  compiled?: CompiledRun;
}

/** Sets up the run folder, the fixed sample noise and the monitors (fresh or as saved), then runs the loop. */
async function trainNetworks(program: TrainerProgram, context: RunContext): Promise<Outcome> {
  const { models, optimizers, dataset, randomness, runFolder, settings, dataPath, resumed, compiled } = context;
  const { spec } = program;
  const saved = resumed?.state;
  const conditional = models.generator.inputs.length > 1;
  const fixedNoise: FixedNoise = saved
    ? {
        latent: Float32Array.from(saved.fixedNoise.latent),
        labels: saved.fixedNoise.labels ? Int32Array.from(saved.fixedNoise.labels) : null,
      }
    : {
        latent: fixedSampleLatent(settings.seed, spec.latent, spec.samples.count),
        // Classes in turn, so a grid with as many columns as classes shows one class per column.
        labels: conditional ? Int32Array.from({ length: spec.samples.count }, (_, i) => i % spec.data.classes) : null,
      };
  const monitors = monitorsFor(spec.scores, await realSpread(dataset));
  if (saved) monitors.restore(saved.monitors);

  const metrics = new MetricsLog(runFolder, spec);
  if (saved) metrics.keepUpTo(saved.step);
  else metrics.reset();

  process.stdout.write(
    `training ${spec.name}: ${dataset.count} images, batch ${settings.batchSize}, ` +
      `${settings.epochs} epoch(s) of ${settings.iterationsPerEpoch} iterations, seed ${settings.seed}\n` +
      `step: ${describeStep(spec.schedule)}\n` +
      `run folder: ${runFolder}\n` +
      (resumed ? `resuming from ${resumed.checkpoint} (epoch ${resumed.state.epoch + 1}, iteration ${resumed.state.iteration}, step ${resumed.state.step})\n` : ''),
  );
  const progress = new EpochProgress();
  return new TrainingLoop({
    program,
    dataset,
    monitors,
    metrics,
    progress,
    artefacts: new RunArtefacts(spec, models, fixedNoise, runFolder),
    stopRules: new StopRules({ steps: settings.steps, minutes: settings.minutes }, (line) => progress.log(line)),
    checkpoint: { spec, models, optimizers, randomness, monitors, settings, fixedNoise, runFolder, dataPath },
    settings,
    position: {
      epoch: saved?.epoch ?? 0,
      iteration: saved?.iteration ?? 0,
      step: saved?.step ?? 0,
      dataAtEpochStart: saved?.rng.dataAtEpochStart ?? randomness.data.state(),
      history: saved?.history ?? { lossD: [], lossG: [] },
    },
    lastCheckpoint: resumed ? { path: resumed.checkpoint, step: resumed.state.step } : undefined,
    compiled,
  }).run();
}
