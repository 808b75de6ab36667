// One bundle for the GPU machine: `compiled-bench.cjs <plans folder> [iterations]` times the
// compiled executor on each plan there (seed A at batch 128, B5 at 64, seed D at 256: the
// plans pack-compiled.sh wrote with ganc compile), one JSON line per plan:
// {"name", "batch", "dispatches", "ms"}, ms per iteration over back-to-back iterations (the
// logged figures read back after the last one, as the trainer reads them at log intervals).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDawnDevice } from '../../runtime/compiled/dawn.js';
import { CompiledStepExecutor } from '../../runtime/compiled/executor.js';
import type { CompiledPlan } from '../../runtime/compiled/plan.js';

function values(length: number, seed: number, scale: number): Float32Array {
  const out = new Float32Array(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2 * scale;
  }
  return out;
}

async function main(): Promise<void> {
  const folder = process.argv[2];
  const iterations = Number(process.argv[3] ?? 50);
  const dawn = await createDawnDevice();
  console.error(`adapter: ${dawn.adapterInfo}`);
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.plan.json')).sort()) {
    const plan = JSON.parse(readFileSync(join(folder, file), 'utf8')) as CompiledPlan;
    const batch = plan.maxBatch;
    const executor = await CompiledStepExecutor.create(plan, dawn);
    for (const network of plan.networks) {
      executor.setWeights(network.name, network.weights.map((w, k) => values(w.shape.reduce((p, d) => p * d, 1), k + 1, 0.05)));
    }
    const inputs: Record<string, Float32Array | Int32Array> = {};
    for (const input of plan.inputs) {
      const rows = input.shape.slice(1).reduce<number>((p, d) => p * (d as number), 1);
      inputs[input.name] = input.dtype === 'i32' ? Int32Array.from({ length: batch }, (_, i) => i % 10) : values(batch * rows, 7, 1);
    }
    const step = (iteration: number, read: boolean) =>
      executor.step({ batch, iteration, seed: 1, inputs, scalars: { 'lr/G': 2e-4, 'lr/D': 2e-4 }, readOutputs: read });
    for (let i = 0; i < 5; i++) step(i, true);
    await executor.outputs();
    const started = performance.now();
    for (let i = 0; i < iterations; i++) step(5 + i, i === iterations - 1);
    const out = await executor.outputs();
    const ms = (performance.now() - started) / iterations;
    console.log(JSON.stringify({ name: file.replace('.plan.json', ''), batch, dispatches: executor.dispatchCount, ms, lossD: out.loss_D[0] }));
    executor.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
