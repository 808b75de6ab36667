import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/index.js';
import { FileWriteError } from '../files.js';
import { formatLogLine, type StepFigures, type StepPosition } from '../figures.js';
import type { Finding, Monitors } from '../monitor/index.js';
import type { Batch, StepReport, TrainerProgram } from '../program.js';
import type { RunArtefacts } from './artefacts.js';
import { writeCheckpoint, type CheckpointSources } from './checkpointing.js';
import type { CompiledRun } from './compiled-run.js';
import { philoxDraws } from './draws.js';
import { TrainerError } from './errors.js';
import { applyLearningRates } from './learning-rate.js';
import type { MetricsLog } from './metrics-log.js';
import type { Progress, RunSettings } from './position.js';
import type { EpochProgress } from './progress.js';
import { readDScores, readStepReport, type DScores } from './report.js';
import { IterationStep } from './step.js';
import type { StopRules } from './stop-rules.js';

export type Outcome = 'finished' | 'stopped' | 'diverged';

export interface LoopParts {
  program: TrainerProgram;
  dataset: Dataset;
  monitors: Monitors;
  metrics: MetricsLog;
  progress: EpochProgress;
  artefacts: RunArtefacts;
  stopRules: StopRules;
  /** Everything a checkpoint gathers (models, optimizers, randomness, ...). */
  checkpoint: CheckpointSources;
  settings: RunSettings;
  position: Progress;
  /** The checkpoint the run resumed from, if any: still "the last good one" until a new one is written. */
  lastCheckpoint?: { path: string; step: number };
  /** `--executor compiled`: the step runs on this plan; the tfjs models are synced from it before samples and checkpoints. */
  compiled?: CompiledRun;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The training loop: epochs of `iterationsPerEpoch` iterations, each one generated step run in
 * a scope that disposes what it makes, its figures read once; then the monitors, the log line and
 * the metrics; at each epoch's end the D-output histogram, the sample grid, the epoch-end
 * monitors, the loss plot and the checkpoint, on the spec's schedule. Stops early as the stop
 * rules say (saving everything) or on a fatal finding (saving nothing).
 */
export class TrainingLoop {
  private lastCheckpoint?: { path: string; step: number };
  private lastSamplesStep?: number;
  /** This epoch's learning rates, which the compiled step takes as run-time scalars. */
  private learningRates = { generator: 0, discriminator: 0 };
  /**
   * The epoch's D-output histogram's data. On tfjs: D's scores of the real batch and of G's
   * images in the epoch's last step, which the step computed anyway. On the compiled executor
   * those stay on its device (its plan reads back only the logged means), so the epoch's last
   * real batch is kept instead, for a forward pass of D beside G's fixed-noise samples at the end.
   */
  private epochScores?: DScores;
  private lastRealBatch?: Batch;

  constructor(private readonly parts: LoopParts) {
    this.lastCheckpoint = parts.lastCheckpoint;
  }

  async run(): Promise<Outcome> {
    try {
      return await this.train();
    } catch (error) {
      // A disk that filled or a mount that went read-only mid-run: stop, and say what still holds the run.
      if (!(error instanceof FileWriteError)) throw error;
      const last = this.lastCheckpoint;
      const kept = last ? `the last good checkpoint is ${last.path} (step ${last.step}): --resume continues from it` : 'no checkpoint of this run was saved';
      throw new TrainerError(`${error.message}\n  the run stopped at step ${this.parts.position.step}; ${kept}`);
    } finally {
      // A run that diverged in an epoch's last step never reaches the histogram that would use it.
      if (this.lastRealBatch) disposeBatch(this.lastRealBatch);
    }
  }

  private async train(): Promise<Outcome> {
    const { settings, position, progress, stopRules } = this.parts;
    if (position.epoch >= settings.epochs) {
      progress.log(`nothing to do: the run has finished all ${settings.epochs} epochs (pass --epochs to train longer)`);
      return 'finished';
    }
    stopRules.listen();
    try {
      while (position.epoch < settings.epochs && !stopRules.stopAt(position.step)) {
        const fatal = await this.runEpoch();
        if (fatal) {
          this.reportDivergence(fatal.message);
          return 'diverged';
        }
      }
    } finally {
      stopRules.release();
    }
    if (position.epoch >= settings.epochs) return 'finished';
    // Stopped early: leave a complete picture of where the run got to.
    await this.syncCompiled();
    if (this.lastSamplesStep !== position.step) await this.writeSamples(`image_at_step_${pad(position.step, 8)}.png`);
    this.parts.artefacts.writeLossPlot(position.history);
    if (this.lastCheckpoint?.step !== position.step) await this.checkpoint();
    progress.log(`stopped after ${position.step} steps (${stopRules.reason}); continue with --resume`);
    return 'stopped';
  }

  /** Runs the rest of the current epoch; returns the finding that stopped the run, if one did. */
  private async runEpoch(): Promise<Finding | undefined> {
    const { program, dataset, monitors, metrics, progress, settings, position, stopRules, checkpoint } = this.parts;
    const { randomness, optimizers } = checkpoint;
    const epochIndex = position.epoch;
    this.learningRates = applyLearningRates(program.spec, optimizers, epochIndex, settings.epochs);
    if (position.iteration === 0) position.dataAtEpochStart = randomness.data.state();
    const iterator = dataset.batches(settings.batchSize, randomness.data, program.spec.data.dropLast)[Symbol.iterator]();
    // A run resumed mid-epoch redraws the epoch's order and skips the batches already used.
    for (let i = 0; i < position.iteration * settings.batchesPerStep; i++) disposeBatch(nextOf(iterator));

    progress.start(epochIndex + 1, settings.epochs, settings.iterationsPerEpoch, position.iteration);
    try {
      while (position.iteration < settings.iterationsPerEpoch && !stopRules.stopAt(position.step)) {
        const arrived = await this.step(iterator, this.readsFiguresNext());
        // Let a pending signal's handler run: a step alone may never leave the microtask queue.
        await new Promise<void>((resolve) => setImmediate(resolve));
        position.iteration += 1;
        position.step += 1;
        const fatal = this.record(arrived, epochIndex);
        progress.tick(position.iteration);
        if (fatal) {
          progress.end();
          return fatal;
        }
      }
      // The compiled executor may hold the figures of the last iterations before a stop rule fired.
      const fatal = this.parts.compiled ? this.record(await this.parts.compiled.flush(), epochIndex) : undefined;
      if (fatal) {
        progress.end();
        return fatal;
      }
    } finally {
      iterator.return?.();
    }
    progress.end();
    if (position.iteration < settings.iterationsPerEpoch) return undefined;
    await this.endEpoch();
    return undefined;
  }

  /**
   * Whether the next iteration's figures (and any kept before them) are read back after it: always
   * on tfjs; on the compiled executor only where a log line falls (every log_every iterations, an
   * epoch's last, the one a stop rule ends on) or the kept figures fill their buffer.
   */
  private readsFiguresNext(): boolean {
    const { compiled, settings, position, stopRules, program } = this.parts;
    if (!compiled) return true;
    const iteration = position.iteration + 1;
    return iteration % program.spec.schedule.logEvery === 0 || iteration === settings.iterationsPerEpoch || stopRules.stopAt(position.step + 1) || compiled.mustRead;
  }

  /**
   * The figures of the iterations up to the current one (`arrived`, in order; the last is the
   * current iteration's): the loss history, the monitors, the log line and the metrics of each.
   * Returns the fatal finding that stops the run, if one is found.
   */
  private record(arrived: readonly StepFigures[], epochIndex: number): Finding | undefined {
    const { program, monitors, metrics, progress, settings, position, stopRules } = this.parts;
    for (const [k, figures] of arrived.entries()) {
      const behind = arrived.length - 1 - k;
      position.history.lossD.push(figures.lossD);
      position.history.lossG.push(figures.lossG);
      const at: StepPosition = {
        epoch: epochIndex + 1,
        epochs: settings.epochs,
        iteration: position.iteration - behind,
        iterations: settings.iterationsPerEpoch,
        step: position.step - behind,
      };
      const findings = monitors.onStep(figures, at);
      const fatal = findings.find((finding) => finding.severity === 'fatal');
      const lastStep = at.iteration === at.iterations || (behind === 0 && stopRules.stopAt(position.step));
      if (fatal || lastStep || at.iteration % program.spec.schedule.logEvery === 0) {
        progress.log(formatLogLine(figures, at));
        metrics.append(figures, at);
      }
      this.logWarnings(findings);
      if (fatal) return fatal;
    }
    return undefined;
  }

  /** The epoch's end: D's histogram, samples (and the monitors that read them), the loss plot, the checkpoint. */
  private async endEpoch(): Promise<void> {
    const { program, monitors, settings, position, artefacts } = this.parts;
    position.epoch += 1;
    position.iteration = 0;
    const completed = position.epoch;
    await this.syncCompiled();
    const samples = await artefacts.samples();
    await this.writeDHistogram(completed, samples);
    if (completed % program.spec.samples.everyEpochs === 0 || completed === settings.epochs) {
      this.recordSamples(`image_at_epoch_${pad(completed, 4)}.png`, samples);
    }
    this.logWarnings(monitors.onEpochEnd({ epoch: completed, samples, count: program.spec.samples.count }));
    artefacts.writeLossPlot(position.history);
    if (completed % program.spec.checkpoint.everyEpochs === 0 || completed === settings.epochs) await this.checkpoint();
  }

  private async writeDHistogram(epoch: number, samples: Float32Array): Promise<void> {
    const { artefacts } = this.parts;
    const real = this.lastRealBatch;
    const scores = real ? await artefacts.scoresOf(real, samples) : this.epochScores;
    if (real) disposeBatch(real);
    this.lastRealBatch = undefined;
    this.epochScores = undefined;
    if (!scores) throw new Error(`epoch ${epoch} ended without D's scores of its last step`);
    artefacts.writeDHistogram(epoch, scores);
  }

  /** Whether the iteration about to run is the epoch's last, whose D scores the histogram shows. */
  private endsEpoch(): boolean {
    return this.parts.position.iteration + 1 === this.parts.settings.iterationsPerEpoch;
  }

  private logWarnings(findings: readonly Finding[]): void {
    for (const finding of findings) {
      if (finding.severity === 'warning') this.parts.progress.log(`warning: ${finding.message}`);
    }
  }

  /** The tfjs models and optimizers as the compiled executor has trained them (nothing to do on tfjs). */
  private async syncCompiled(): Promise<void> {
    await this.parts.compiled?.sync(this.parts.position.step);
  }

  /** One iteration on the compiled executor: the step's real batches in; with `read`, the figures kept since the last read out. */
  private async compiledStep(compiled: CompiledRun, iterator: Iterator<Batch>, read: boolean): Promise<StepFigures[]> {
    const { settings, position } = this.parts;
    const batches = Array.from({ length: settings.batchesPerStep }, () => nextOf(iterator));
    if (this.endsEpoch()) {
      const last = batches[batches.length - 1];
      this.lastRealBatch = { size: last.size, images: last.images.clone(), ...(last.labels ? { labels: last.labels.clone() } : {}) };
    }
    try {
      return await compiled.step({ batches, step: position.step, seed: settings.seed, learningRates: this.learningRates }, read);
    } finally {
      batches.forEach(disposeBatch);
    }
  }

  /**
   * One iteration: the generated step with its real batches, inside a scope that disposes what it
   * makes; its figures (tfjs), or those the compiled executor read back (none unless `read`).
   */
  private async step(iterator: Iterator<Batch>, read: boolean): Promise<StepFigures[]> {
    const { program, settings, checkpoint, compiled } = this.parts;
    if (compiled) return this.compiledStep(compiled, iterator, read);
    const pulled: Batch[] = [];
    const step = new IterationStep({
      spec: program.spec,
      models: checkpoint.models,
      optimizers: checkpoint.optimizers,
      draws: philoxDraws(settings.seed, this.parts.position.step),
      batchesPerStep: settings.batchesPerStep,
      nextBatch: () => {
        const batch = nextOf(iterator);
        pulled.push(batch);
        return batch;
      },
    });
    try {
      let report!: StepReport;
      tf.tidy(() => {
        report = step.keep(program.trainStep(step));
      });
      if (this.endsEpoch()) this.epochScores = await readDScores(report.realScores, report.fakeScores, program.spec.scores);
      return [await readStepReport(report, program.spec.scores)];
    } finally {
      step.release();
      pulled.forEach(disposeBatch);
    }
  }

  private async writeSamples(name: string): Promise<void> {
    this.recordSamples(name, await this.parts.artefacts.samples());
  }

  private recordSamples(name: string, samples: Float32Array): void {
    const path = this.parts.artefacts.writeGrid(name, samples);
    this.lastSamplesStep = this.parts.position.step;
    this.parts.progress.log(`samples: ${path}`);
  }

  private async checkpoint(): Promise<void> {
    const { position } = this.parts;
    const path = await writeCheckpoint(this.parts.checkpoint, position);
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
