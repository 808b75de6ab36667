import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { emitTrainer } from '../compiler/emit/index.js';
import type { SpecIR } from '../compiler/ir.js';
import type { Batch, TrainerProgram } from '../runtime/program.js';
import { philoxDraws } from '../runtime/train/draws.js';
import { IterationStep } from '../runtime/train/step.js';

/**
 * Kernels the tfjs executor runs in one training iteration of a spec: its generated trainer's
 * own `trainStep` (loaded from a fresh compile, with `runTrainer` left out), run once to warm up
 * (optimizer slots), then once under `tf.profile`, whose kernel list is counted. On WebGPU each
 * is one dispatch, less the few tfjs runs without one (reshapes of contiguous data).
 */

const runtimeEntry = resolve(__dirname, '..', 'runtime', 'index.js');

/** The spec's generated TrainerProgram, without starting a run. */
function loadProgram(ir: SpecIR): { program: TrainerProgram; dispose(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'ganc-bench-'));
  // The trainer imports @tensorflow/tfjs: this ganc's packages, as `ganc train` gives them.
  symlinkSync(resolve(__dirname, '..', 'node_modules'), join(folder, 'node_modules'));
  const text = emitTrainer(ir, { imports: { tf: require.resolve('@tensorflow/tfjs'), runtime: runtimeEntry } }).replace(/^gan\.runTrainer\(program, process\.argv\.slice\(2\)\);$/m, 'module.exports = { program };');
  if (!text.includes('module.exports = { program };')) throw new Error('the generated trainer no longer ends in gan.runTrainer(program, ...)');
  const file = join(folder, `${ir.name}.ts`);
  writeFileSync(file, text);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { program } = require(file) as { program: TrainerProgram };
  return { program, dispose: () => rmSync(folder, { recursive: true, force: true }) };
}

function randomBatch(ir: SpecIR, size: number): Batch {
  const images = tf.randomUniform([size, ...ir.data.shape], -1, 1) as tf.Tensor4D;
  const labels = ir.data.labels ? (tf.randomUniform([size, 1], 0, ir.data.classes, 'int32') as tf.Tensor2D) : undefined;
  return { size, images, labels };
}

export interface TfjsStepFigures {
  kernels: number;
  msPerIteration: number;
}

/** Kernels in one iteration at `batch`, and ms per iteration over `timed` iterations after the warm-up. */
export async function tfjsStepFigures(ir: SpecIR, batch: number, timed: number): Promise<TfjsStepFigures> {
  const { program, dispose } = loadProgram(ir);
  const models = { generator: program.buildGenerator(), discriminator: program.buildDiscriminator() };
  const optimizers = program.makeOptimizers();
  let iteration = 0;
  const batchesPerStep = ir.train.updates === 'simultaneous' ? 1 : ir.train.dSteps;
  const iterate = async () => {
    const pulled: Batch[] = [];
    const step = new IterationStep({
      spec: program.spec,
      models,
      optimizers,
      draws: philoxDraws(1, iteration++),
      batchesPerStep,
      nextBatch: () => {
        const b = randomBatch(ir, batch);
        pulled.push(b);
        return b;
      },
    });
    try {
      let lossG!: tf.Tensor;
      tf.tidy(() => {
        lossG = step.keep(program.trainStep(step)).lossG;
      });
      await lossG.data();
    } finally {
      step.release();
      for (const b of pulled) tf.dispose([b.images, ...(b.labels ? [b.labels] : [])]);
    }
  };
  try {
    await iterate();
    const profile = await tf.profile(iterate);
    const started = performance.now();
    for (let i = 0; i < timed; i++) await iterate();
    return { kernels: profile.kernels.length, msPerIteration: timed > 0 ? (performance.now() - started) / timed : Number.NaN };
  } finally {
    models.generator.dispose();
    models.discriminator.dispose();
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    dispose();
  }
}
