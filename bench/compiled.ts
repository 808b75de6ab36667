import { compileGraph } from '../compiler/graph/compile.js';
import type { TrainingStep } from '../compiler/graph/step.js';
import { createDawnDevice } from '../runtime/compiled/dawn.js';
import { CompiledStepExecutor } from '../runtime/compiled/executor.js';
import { dispatchesAt } from '../runtime/compiled/plan.js';
import { seedAStep, seedB5Step } from '../test/graph/seed-steps.js';
import { randomValues } from '../test/graph/support.js';

/**
 * The compiled training step: compile time, kernels, dispatches per iteration and arena size
 * for seed A (batch 128) and seed B5 (batch 64), then ms per iteration on whatever WebGPU
 * adapter Dawn finds (set VK_ICD_FILENAMES to a SwiftShader ICD on a machine without a GPU).
 * Run: npx tsx bench/compiled.ts [--iterations N] [--b5-batch B] [--profile] [--no-run]
 */

interface Case {
  name: string;
  step: () => TrainingStep;
  batch: number;
}

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

async function main(): Promise<void> {
  const iterations = flag('--iterations', 3);
  const cases: Case[] = [
    { name: 'seed A MLP GAN', step: seedAStep, batch: 128 },
    { name: 'seed B5 DCGAN', step: seedB5Step, batch: 64 },
  ];
  const dawn = process.argv.includes('--no-run') ? undefined : await createDawnDevice();
  if (dawn) console.log(`adapter: ${dawn.adapterInfo}`);
  for (const c of cases) {
    let started = performance.now();
    const step = c.step();
    const { plan } = compileGraph(step.graph, { maxBatch: c.batch });
    const compileMs = performance.now() - started;
    const mib = ((plan.arenas.f32 + plan.arenas.i32) * 4) / 2 ** 20;
    console.log(`${c.name}, batch ${c.batch}: compiled in ${compileMs.toFixed(0)} ms; ${plan.kernels.length} kernels, ${dispatchesAt(plan, c.batch).length} dispatches per iteration, arenas ${mib.toFixed(1)} MiB`);
    if (!dawn) continue;
    started = performance.now();
    const executor = await CompiledStepExecutor.create(plan, dawn);
    console.log(`  pipelines: ${(performance.now() - started).toFixed(0)} ms`);
    for (const network of plan.networks) {
      executor.setWeights(network.name, network.weights.map((w, k) => randomValues(w.shape.reduce((p, d) => p * d, 1), k, -0.05, 0.05)));
    }
    const batch = c.name.includes('B5') ? flag('--b5-batch', c.batch) : c.batch;
    const options = (iteration: number) => ({
      batch,
      iteration,
      seed: 1,
      inputs: { 'real/0': randomValues(batch * 784, iteration) },
      scalars: { 'lr/G': 2e-4, 'lr/D': 2e-4 },
      readOutputs: true,
    });
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      started = performance.now();
      executor.step(options(i));
      await executor.outputs();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`  batch ${batch}: ${executor.dispatchCount} dispatches, ms per iteration: median ${times[times.length >> 1].toFixed(0)} (${times.map((t) => t.toFixed(0)).join(', ')})`);
    if (process.argv.includes('--profile')) {
      const profile = await executor.profileStep(options(iterations));
      const total = profile.reduce((sum, p) => sum + p.ms, 0);
      for (const p of [...profile].sort((a, b) => b.ms - a.ms).slice(0, 8)) console.log(`    ${p.ms.toFixed(1).padStart(8)} ms  ${((100 * p.ms) / total).toFixed(0).padStart(3)}%  ${p.kernel}`);
    }
    executor.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
