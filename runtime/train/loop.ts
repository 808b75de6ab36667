import * as tf from '@tensorflow/tfjs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { saveCheckpoint } from '../checkpoint/folder.js';
import { CHECKPOINT_FORMAT, type TrainingState } from '../checkpoint/state.js';
import type { Dataset } from '../data/index.js';
import { writeFileAtomic } from '../files.js';
import { renderLossPlot } from '../images/plot.js';
import type { Monitors } from '../monitor/index.js';
import type { Batch, Networks, StepMetrics, TrainerProgram } from '../program.js';
import type { RngState } from '../random.js';
import { checkSampleSpread } from '../monitor/sample-spread.js';
import { generateImages } from '../sample.js';
import { encodeImageGrid } from '../images/grid.js';
import { formatLogLine, readStepFigures, type StepFigures, type StepPosition } from './figures.js';
import { applyLearningRates } from './learning-rate.js';
import type { MetricsLog } from './metrics-log.js';
import type { EpochProgress } from './progress.js';
import type { RunRandomness } from './randomness.js';
import { withMathRandomFrom } from './seeded-math-random.js';

export interface RunSettings {
  epochs: number;
  batchSize: number;
  limit: number | undefined;
  seed: number;
  /** Stop once this many G steps have run in all. */
  steps: number | undefined;
  /** Stop once this many minutes of this process's training have passed. */
  minutes: number | undefined;
  /** Real batches one step pulls: d_steps, or 1 for simultaneous updates. */
  batchesPerStep: number;
  iterationsPerEpoch: number;
}

/** Where the run stands; what a checkpoint saves besides weights. */
export interface Progress {
  epoch: number;
  iteration: number;
  step: number;
  dataAtEpochStart: RngState;
  history: { lossD: number[]; lossG: number[] };
}

export interface FixedNoise {
  latent: Float32Array;
  labels: Int32Array | null;
}

export type Outcome = 'finished' | 'stopped' | 'diverged';

export interface LoopParts {
  program: TrainerProgram;
  networks: Networks;
  dataset: Dataset;
  randomness: RunRandomness;
  monitors: Monitors;
  metrics: MetricsLog;
  progress: EpochProgress;
  runFolder: string;
  settings: RunSettings;
  fixedNoise: FixedNoise;
  /** Mean distance between two real images: what the samples' spread is held against. */
  realSpread: number;
  position: Progress;
  /** The checkpoint the run resumed from, if any: still "the last good one" until a new one is written. */
  lastCheckpoint?: { path: string; step: number };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The training loop: epochs of `iterationsPerEpoch` G steps, each run inside `tf.tidy` with its
 * figures read once; log lines, monitors, sample grids, the loss plot and checkpoints on the
 * spec's schedule. Stops early for `--steps`, `--minutes` or SIGINT/SIGTERM (saving everything) or a
 * NaN loss (saving nothing).
 */
export class TrainingLoop {
  private lastCheckpoint?: { path: string; step: number };
  private lastSamplesStep?: number;
  /** Why the run should stop early, once something asked it to (a flag's limit or a signal). */
  private stopReason?: string;
  private deadline?: number;

  constructor(private readonly parts: LoopParts) {
    this.lastCheckpoint = parts.lastCheckpoint;
  }

  async run(): Promise<Outcome> {
    const { settings, position, progress } = this.parts;
    if (position.epoch >= settings.epochs) {
      progress.log(`nothing to do: the run has finished all ${settings.epochs} epochs (pass --epochs to train longer)`);
      return 'finished';
    }
    if (settings.minutes !== undefined) this.deadline = Date.now() + settings.minutes * 60_000;
    // Ctrl-C (or a scheduler's SIGTERM) finishes the step in hand and saves, like --steps. A copy
    // within a second is the same request relayed by a parent (ganc, tsx); a later one stops at once.
    let firstSignalAt = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstSignalAt === 0) {
        firstSignalAt = Date.now();
        this.stopReason = signal;
        progress.log(`${signal}: saving after this step (send it again to stop at once, saving nothing)`);
      } else if (Date.now() - firstSignalAt > 1000) {
        process.exit(128 + (osConstants.signals[signal] ?? 0));
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      while (position.epoch < settings.epochs && !this.stopRequested()) {
        const diverged = await this.runEpoch();
        if (diverged) return 'diverged';
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    if (position.epoch >= settings.epochs) return 'finished';
    // Stopped early: leave a complete picture of where the run got to.
    if (this.lastSamplesStep !== position.step) await this.writeSamples(`image_at_step_${pad(position.step, 8)}.png`, false);
    this.writePlot();
    if (this.lastCheckpoint?.step !== position.step) await this.checkpoint();
    progress.log(`stopped after ${position.step} steps (${this.stopReason}); continue with --resume`);
    return 'stopped';
  }

  private stopRequested(): boolean {
    const { steps } = this.parts.settings;
    if (this.stopReason === undefined && steps !== undefined && this.parts.position.step >= steps) this.stopReason = '--steps';
    if (this.stopReason === undefined && this.deadline !== undefined && Date.now() >= this.deadline) this.stopReason = '--minutes';
    return this.stopReason !== undefined;
  }

  /** Runs the rest of the current epoch; true when a monitor stopped the run. */
  private async runEpoch(): Promise<boolean> {
    const { program, networks, dataset, randomness, monitors, metrics, progress, settings, position } = this.parts;
    const epochIndex = position.epoch;
    applyLearningRates(program, networks.optimizers, epochIndex, settings.epochs);
    if (position.iteration === 0) position.dataAtEpochStart = randomness.data.state();
    const iterator = dataset.batches(settings.batchSize, randomness.data)[Symbol.iterator]();
    // A run resumed mid-epoch redraws the epoch's order and skips the batches already used.
    for (let i = 0; i < position.iteration * settings.batchesPerStep; i++) disposeBatch(nextOf(iterator));

    progress.start(epochIndex + 1, settings.epochs, settings.iterationsPerEpoch, position.iteration);
    try {
      while (position.iteration < settings.iterationsPerEpoch && !this.stopRequested()) {
        const figures = await this.step(iterator);
        // Let a pending signal's handler run: a step alone may never leave the microtask queue.
        await new Promise<void>((resolve) => setImmediate(resolve));
        position.iteration += 1;
        position.step += 1;
        position.history.lossD.push(figures.lossD);
        position.history.lossG.push(figures.lossG);
        const at: StepPosition = {
          epoch: epochIndex + 1,
          epochs: settings.epochs,
          iteration: position.iteration,
          iterations: settings.iterationsPerEpoch,
          step: position.step,
        };
        const findings = monitors.observe(figures, at);
        const fatal = findings.find((finding) => finding.severity === 'fatal');
        const lastStep = at.iteration === at.iterations || this.stopRequested();
        if (fatal || lastStep || at.iteration % program.schedule.logEvery === 0) {
          progress.log(formatLogLine(figures, at));
          metrics.append(figures, at);
        }
        progress.tick(position.iteration);
        for (const finding of findings) {
          if (finding.severity === 'warning') progress.log(`warning: ${finding.message}`);
        }
        if (fatal) {
          progress.end();
          this.reportDivergence(fatal.message);
          return true;
        }
      }
    } finally {
      iterator.return?.();
    }
    progress.end();
    if (position.iteration < settings.iterationsPerEpoch) return false;

    position.epoch += 1;
    position.iteration = 0;
    const completed = position.epoch;
    if (completed % program.samples.everyEpochs === 0 || completed === settings.epochs) {
      await this.writeSamples(`image_at_epoch_${pad(completed, 4)}.png`, true);
    }
    this.writePlot();
    if (completed % program.checkpoint.everyEpochs === 0 || completed === settings.epochs) await this.checkpoint();
    return false;
  }

  /** One G step (and its D steps) in a tidy scope, with Math.random seeded for dropout. */
  private async step(iterator: Iterator<Batch>): Promise<StepFigures> {
    const { program, networks, randomness, settings } = this.parts;
    const pulled: Batch[] = [];
    const nextBatch = (): Batch => {
      if (pulled.length === settings.batchesPerStep) {
        throw new Error(`the training step pulled more than the ${settings.batchesPerStep} real batch(es) its schedule allows`);
      }
      const batch = nextOf(iterator);
      pulled.push(batch);
      return batch;
    };
    let metrics: StepMetrics;
    try {
      metrics = withMathRandomFrom(randomness.math, () =>
        tf.tidy(() => program.trainStep(networks, nextBatch) as unknown as tf.TensorContainer),
      ) as unknown as StepMetrics;
    } finally {
      pulled.forEach(disposeBatch);
    }
    return readStepFigures(metrics);
  }

  private async writeSamples(name: string, atEpochEnd: boolean): Promise<void> {
    const { program, networks, runFolder, fixedNoise } = this.parts;
    const { rows, cols } = program.samples;
    const images = await generateImages(networks.generator, fixedNoise.latent, fixedNoise.labels, program.latent.size);
    const path = join(runFolder, name);
    writeFileAtomic(path, encodeImageGrid(images, program.data.shape, rows, cols, program.data.range));
    this.lastSamplesStep = this.parts.position.step;
    this.parts.progress.log(`samples: ${path}`);
    // At epoch ends only: an untrained G's images are alike too, and an early stop may come at step 2.
    if (atEpochEnd) {
      const collapse = checkSampleSpread(images, program.samples.count, this.parts.realSpread, `end of epoch ${this.parts.position.epoch}`);
      if (collapse) this.parts.progress.log(`warning: ${collapse.message}`);
    }
  }

  private writePlot(): void {
    const { history } = this.parts.position;
    const png = renderLossPlot([
      { name: 'Loss_D', values: history.lossD },
      { name: 'Loss_G', values: history.lossG },
    ]);
    writeFileAtomic(join(this.parts.runFolder, 'losses.png'), png);
  }

  private async checkpoint(): Promise<void> {
    const { program, networks, randomness, monitors, settings, position, fixedNoise, runFolder } = this.parts;
    const state: TrainingState = {
      format: CHECKPOINT_FORMAT,
      name: program.name,
      epoch: position.epoch,
      iteration: position.iteration,
      step: position.step,
      epochs: settings.epochs,
      iterationsPerEpoch: settings.iterationsPerEpoch,
      batchSize: settings.batchSize,
      limit: settings.limit ?? null,
      seed: settings.seed,
      rng: {
        noise: randomness.noise.state(),
        math: randomness.math.state(),
        // At an epoch boundary the next epoch starts from the data stream as it is now.
        dataAtEpochStart: position.iteration === 0 ? randomness.data.state() : position.dataAtEpochStart,
      },
      fixedNoise: { latent: Array.from(fixedNoise.latent), labels: fixedNoise.labels ? Array.from(fixedNoise.labels) : null },
      history: position.history,
      monitors: monitors.state(),
      generator: {
        latent: program.latent,
        conditional: program.conditional,
        classes: program.data.classes,
        range: program.data.range,
        shape: program.data.shape,
        samples: program.samples,
      },
    };
    const path = await saveCheckpoint(runFolder, {
      generator: networks.generator,
      discriminator: networks.discriminator,
      optimizers: networks.optimizers,
      state,
      scores: program.scores,
    });
    this.lastCheckpoint = { path, step: position.step };
    const where = position.iteration === 0 ? `end of epoch ${position.epoch}` : `epoch ${position.epoch + 1}, iteration ${position.iteration}`;
    this.parts.progress.log(`checkpoint: ${path} (${where}, step ${position.step})`);
  }

  private reportDivergence(message: string): void {
    const last = this.lastCheckpoint;
    const kept = last
      ? `the last good checkpoint is ${last.path} (step ${last.step}); nothing after it was saved`
      : 'no checkpoint was written before this step; nothing was saved';
    process.stderr.write(`error: ${message}\n  ${kept}\n`);
  }
}

function nextOf(iterator: Iterator<Batch>): Batch {
  const result = iterator.next();
  if (result.done) throw new Error('the data ran out of batches before the epoch ended');
  return result.value;
}

function disposeBatch(batch: Batch): void {
  tf.dispose([batch.images, ...(batch.labels ? [batch.labels] : [])]);
}
