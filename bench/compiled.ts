import * as tf from '@tensorflow/tfjs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSource } from '../compiler/index.js';
import type { SpecIR } from '../compiler/ir.js';
import { lowerTrainingPlan } from '../compiler/lower-step.js';
import { selectBackend, type BackendName } from '../runtime/backends/index.js';
import { createDawnDevice, type DawnDevice } from '../runtime/compiled/dawn.js';
import { CompiledStepExecutor } from '../runtime/compiled/executor.js';
import { dispatchesAt, type CompiledPlan } from '../runtime/compiled/plan.js';
import { randomValues } from '../test/graph/support.js';
import { tfjsStepFigures } from './tfjs-kernels.js';

/**
 * The compiled training step against tfjs, per spec of specs/: dispatches per iteration
 * (compiled: counted from the plan, as the executor encodes them; tfjs: kernels counted by
 * tf.profile over one real iteration of the generated trainer's step), and with --time, ms per
 * iteration of each on the backend at hand (Dawn's adapter; tfjs's chosen backend).
 * Run: npx tsx bench/compiled.ts [--time] [--iterations N] [--batch B] [--specs a,b] [--backend name]
 */

export interface CompiledBenchOptions {
  specs?: readonly string[];
  /** Rows per batch (default: each spec's own). */
  batch?: number;
  time: boolean;
  iterations: number;
  backend: BackendName;
}

const specsFolder = join(__dirname, '..', 'specs');

function load(name: string): { ir: SpecIR; source: { path: string; text: string } } {
  const path = join(specsFolder, `${name}.gan`);
  const text = readFileSync(path, 'utf8');
  const checked = checkSource(text, path);
  if (!checked.ir) throw new Error(`${name}.gan does not check`);
  return { ir: checked.ir, source: { path, text } };
}

async function compiledMs(plan: CompiledPlan, ir: SpecIR, dawn: DawnDevice, batch: number, iterations: number): Promise<number> {
  const executor = await CompiledStepExecutor.create(plan, dawn);
  try {
    for (const network of plan.networks) {
      executor.setWeights(network.name, network.weights.map((w, k) => randomValues(w.shape.reduce((p, d) => p * d, 1), k, -0.05, 0.05)));
    }
    const pixels = ir.data.shape[0] * ir.data.shape[1] * ir.data.shape[2];
    const inputs: Record<string, Float32Array | Int32Array> = {};
    for (const input of plan.inputs) {
      inputs[input.name] = input.dtype === 'i32' ? Int32Array.from({ length: batch }, (_, i) => i % ir.data.classes) : randomValues(batch * pixels, 7);
    }
    const step = async (iteration: number) => {
      executor.step({ batch, iteration, seed: 1, inputs, scalars: { 'lr/G': 2e-4, 'lr/D': 2e-4 }, readOutputs: true });
      await executor.outputs();
    };
    await step(0);
    const started = performance.now();
    for (let i = 1; i <= iterations; i++) await step(i);
    return (performance.now() - started) / iterations;
  } finally {
    executor.destroy();
  }
}

export async function benchCompiled(options: CompiledBenchOptions): Promise<void> {
  const names = options.specs ?? readdirSync(specsFolder).filter((f) => f.endsWith('.gan')).map((f) => f.slice(0, -4)).sort();
  const choice = await selectBackend(options.backend);
  const dawn = options.time ? await createDawnDevice() : undefined;
  console.log(`compiled step vs tfjs: tfjs on ${choice.name}${dawn ? `, compiled on ${dawn.adapterInfo}` : ''}${options.time ? '' : ' (counts only; --time for ms per iteration)'}`);
  for (const name of names) {
    const { ir, source } = load(name);
    const batch = options.batch ?? ir.data.batchSize;
    const started = performance.now();
    const lowered = lowerTrainingPlan(ir, source, { maxBatch: batch });
    if (!lowered.ok) {
      console.log(`  ${name}: not compiled (${lowered.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')})`);
      continue;
    }
    const compileMs = performance.now() - started;
    const compiled = dispatchesAt(lowered.plan, batch).length;
    // The kernel count does not depend on the batch: count at 2 rows unless timing.
    const tfjs = await tfjsStepFigures(ir, options.time ? batch : 2, options.time ? options.iterations : 0);
    let line = `  ${name}, batch ${batch}: dispatches per iteration compiled ${compiled} / tfjs ${tfjs.kernels} (${(tfjs.kernels / compiled).toFixed(1)}x fewer); plan compiled in ${compileMs.toFixed(0)} ms`;
    if (dawn) {
      const ms = await compiledMs(lowered.plan, ir, dawn, batch, options.iterations);
      line += `; ms per iteration compiled ${ms.toFixed(1)} / tfjs ${tfjs.msPerIteration.toFixed(1)} (ratio ${(ms / tfjs.msPerIteration).toFixed(2)})`;
    }
    console.log(line);
    tf.disposeVariables();
  }
}

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

if (require.main === module) {
  const batch = flag('--batch');
  benchCompiled({
    specs: flag('--specs')?.split(','),
    batch: batch === undefined ? undefined : Number(batch),
    time: process.argv.includes('--time'),
    iterations: Number(flag('--iterations') ?? 3),
    backend: (flag('--backend') ?? 'auto') as BackendName,
  }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
