import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { createDawnDevice, NoWebGpuAdapterError } from '../compiled/dawn.js';
import { CompiledStepExecutor } from '../compiled/executor.js';
import { PLAN_VERSION, type CompiledPlan, type PlanNetwork } from '../compiled/plan.js';
import type { StepFigures } from '../figures.js';
import type { Batch, Optimizers, RunSpec } from '../program.js';
import { TrainerError } from './errors.js';
import { readOptimizerState, writeOptimizerState } from './compiled-optimizer-state.js';

/**
 * The training step on the compiled executor (`--executor compiled`): the plan that `ganc
 * compile` wrote beside the trainer, run on a Dawn WebGPU device, one command buffer per
 * iteration. The tfjs models and optimizers stay the run's home for everything else: weights
 * go up to the executor at the start (fresh or resumed) and come back before samples and
 * checkpoints (`sync`), so checkpoints keep the TF.js layers format and resume on either executor.
 */

type Models = { generator: tf.LayersModel; discriminator: tf.LayersModel };
type Role = 'generator' | 'discriminator';

export interface CompiledIteration {
  /** The step's real batches, one per D step. */
  batches: readonly Batch[];
  /** G steps before this one in the whole run: Philox's counter, so a resumed run draws on. */
  step: number;
  seed: number;
  learningRates: { generator: number; discriminator: number };
}

export class CompiledRun {
  private constructor(
    private readonly executor: CompiledStepExecutor,
    private readonly spec: RunSpec,
    private readonly models: Models,
    private readonly optimizers: Optimizers,
    readonly adapter: string,
  ) {}

  /** Loads the plan, starts the device, and uploads the models' weights and the optimizers' state. */
  static async start(planPath: string, spec: RunSpec, models: Models, optimizers: Optimizers): Promise<CompiledRun> {
    const plan = readPlan(planPath);
    for (const role of ['generator', 'discriminator'] as const) networkOf(plan, models[role], role);
    let dawn;
    try {
      dawn = await createDawnDevice();
    } catch (error) {
      if (error instanceof NoWebGpuAdapterError) throw new TrainerError(`--executor compiled: ${error.message}`);
      throw error;
    }
    const executor = await CompiledStepExecutor.create(plan, dawn);
    // The figures of the iterations between two log lines stay on the GPU until the log line.
    executor.keepFigures(CompiledRun.figuresKept(spec));
    const run = new CompiledRun(executor, spec, models, optimizers, dawn.adapterInfo);
    // A fresh run's optimizers hold no state yet: the plan's initial values stand. A resumed
    // run's hold the checkpoint's, all of which go up at once.
    const state: Record<string, Float32Array> = {};
    const initial = await executor.getState();
    let resumed = false;
    for (const role of ['generator', 'discriminator'] as const) {
      const network = networkOf(plan, models[role], role);
      executor.setWeights(network.name, models[role].getWeights().map((w) => w.dataSync() as Float32Array));
      const saved = await readOptimizerState(optimizers[role], network, plan.state);
      if (saved) resumed = true;
      const own = plan.state.filter((s) => s.network === network.name).map((s): [string, Float32Array] => [s.name, initial[s.name]]);
      Object.assign(state, saved ?? Object.fromEntries(own));
    }
    if (resumed) executor.setState(state);
    return run;
  }

  /** Iterations whose figures the GPU holds at most before they must be read. */
  static figuresKept(spec: RunSpec): number {
    return Math.max(1, spec.schedule.logEvery);
  }

  /** Iterations run whose figures are still on the GPU. */
  private unread = 0;

  /** Whether the next iteration must read the kept figures back: the buffer on the GPU is full. */
  get mustRead(): boolean {
    return this.unread + 1 >= CompiledRun.figuresKept(this.spec);
  }

  /**
   * One iteration: every D step and G's step in one submission, its figures kept on the GPU.
   * With `read`, the figures of every iteration since the last read come back, in order (one
   * map); without, nothing is read and the next iteration is encoded at once.
   */
  async step(iteration: CompiledIteration, read: boolean): Promise<StepFigures[]> {
    const sizes = new Set(iteration.batches.map((b) => b.size));
    if (sizes.size !== 1) throw new TrainerError(`the compiled step takes equal batches, got sizes ${[...sizes].join(', ')}`);
    const batch = iteration.batches[0].size;
    if (batch > this.executor.plan.maxBatch) {
      throw new TrainerError(`batch ${batch} is above the compiled plan's largest (${this.executor.plan.maxBatch}): compile with --max-batch ${batch}`, 2);
    }
    const inputs: Record<string, Float32Array | Int32Array> = {};
    iteration.batches.forEach((b, k) => {
      inputs[`real/${k}`] = b.images.dataSync() as Float32Array;
      if (b.labels) inputs[`labels/${k}`] = Int32Array.from(b.labels.dataSync());
    });
    this.executor.step({
      batch,
      iteration: iteration.step,
      seed: iteration.seed,
      inputs,
      scalars: { 'lr/G': iteration.learningRates.generator, 'lr/D': iteration.learningRates.discriminator },
      keepFigures: true,
    });
    this.unread += 1;
    return read ? this.flush() : [];
  }

  /** The figures of the iterations not read yet, in order. */
  async flush(): Promise<StepFigures[]> {
    this.unread = 0;
    return (await this.executor.keptFigures()).map((figures) => this.figures(figures));
  }

  private figures(out: Record<string, number>): StepFigures {
    const value = (name: string) => {
      const v = out[name];
      if (v === undefined) throw new Error(`the compiled plan has no output ${name}`);
      return v;
    };
    const simultaneous = this.spec.schedule.updates === 'simultaneous';
    return {
      lossD: value('loss_D'),
      lossG: value('loss_G'),
      dReal: value('d_real'),
      dFakeBefore: value('d_fake_before'),
      ...(simultaneous ? {} : { dFakeAfter: value('d_fake_after') }),
      accuracyReal: value('accuracy_real'),
      accuracyFake: value('accuracy_fake'),
    };
  }

  /** Copies the executor's weights and optimizer state into the tfjs models and optimizers, `steps` G steps into the run. */
  async sync(steps: number): Promise<void> {
    const dUpdates = this.spec.schedule.updates === 'simultaneous' ? steps : steps * this.spec.schedule.dSteps;
    const state = await this.executor.getState();
    for (const role of ['generator', 'discriminator'] as const) {
      const model = this.models[role];
      const network = networkOf(this.executor.plan, model, role);
      const values = await this.executor.getWeights(network.name);
      const tensors = values.map((v, i) => tf.tensor(v, network.weights[i].shape));
      model.setWeights(tensors);
      tf.dispose(tensors);
      await writeOptimizerState(this.optimizers[role], model, network, this.executor.plan.state, state, role === 'generator' ? steps : dUpdates);
    }
  }

  destroy(): void {
    this.executor.destroy();
  }
}

function readPlan(path: string): CompiledPlan {
  if (!existsSync(path)) {
    throw new TrainerError(
      `--executor compiled: no compiled plan at ${path}; \`ganc compile\` writes it beside the trainer when the spec lowers (it says why when it does not), or pass --plan, or run with --executor tfjs`,
      2,
    );
  }
  let plan: CompiledPlan;
  try {
    plan = JSON.parse(readFileSync(path, 'utf8')) as CompiledPlan;
  } catch (error) {
    throw new TrainerError(`--executor compiled: ${path} is not a compiled plan (${error instanceof Error ? error.message : String(error)})`);
  }
  if (plan?.version !== PLAN_VERSION) throw new TrainerError(`--executor compiled: ${path} is plan version ${String(plan?.version)}, this runtime runs version ${PLAN_VERSION}: compile the spec again`);
  return plan;
}

/** The plan's network for a model, checked weight by weight against it (order and shapes). */
function networkOf(plan: CompiledPlan, model: tf.LayersModel, role: Role): PlanNetwork {
  const network = plan.networks.find((n) => n.name === model.name);
  if (!network) throw new TrainerError(`the compiled plan has no network ${model.name} (it has ${plan.networks.map((n) => n.name).join(', ')}): compile the spec again`);
  const shapes = model.weights.map((w) => w.shape.join('x'));
  const planned = network.weights.map((w) => w.shape.join('x'));
  if (shapes.join(',') !== planned.join(',')) {
    throw new TrainerError(`the compiled plan's ${role} ${model.name} holds weights [${planned.join(', ')}], the trainer's model [${shapes.join(', ')}]: compile the spec again`);
  }
  return network;
}
