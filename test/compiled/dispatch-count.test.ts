import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileGraph } from '../../compiler/graph/compile.js';
import { CompiledStepExecutor } from '../../runtime/compiled/executor.js';
import { dispatchesAt } from '../../runtime/compiled/plan.js';
import { seedAStep, seedB5Step } from '../graph/seed-steps.js';
import { randomValues } from '../graph/support.js';
import { testDevice } from './gpu.js';

// Dispatches per iteration at full size: seed A's MLP GAN at batch 128 (target at most 64),
// seed B5's DCGAN at batch 64 (at most 128). Seed A runs one iteration on the device and
// reads the executor's counter; B5 at full size takes minutes on SwiftShader, so its count is
// what the executor would encode (the same function), from the compiled plan.

test('seed A at batch 128: the executor encodes at most 64 dispatches in one command buffer', async () => {
  const { plan } = compileGraph(seedAStep().graph, { maxBatch: 128 });
  const executor = await CompiledStepExecutor.create(plan, await testDevice());
  try {
    for (const network of plan.networks) {
      executor.setWeights(network.name, network.weights.map((w, k) => randomValues(w.shape.reduce((p, d) => p * d, 1), k, -0.05, 0.05)));
    }
    const started = performance.now();
    executor.step({ batch: 128, iteration: 0, seed: 1, inputs: { 'real/0': randomValues(128 * 784, 9) }, scalars: { 'lr/G': 2e-4, 'lr/D': 2e-4 }, readOutputs: true });
    const outputs = await executor.outputs();
    console.log(`  seed A, batch 128: ${executor.dispatchCount} dispatches, ${(performance.now() - started).toFixed(0)} ms for one iteration on ${(await testDevice()).adapterInfo}`);
    assert.ok(executor.dispatchCount <= 64, `${executor.dispatchCount} dispatches`);
    assert.is(executor.dispatchCount, dispatchesAt(plan, 128).length);
    assert.ok(Number.isFinite(outputs.loss_D[0]) && Number.isFinite(outputs.loss_G[0]));
  } finally {
    executor.destroy();
  }
});

test('seed B5 at batch 64: at most 128 dispatches per iteration', () => {
  const { plan } = compileGraph(seedB5Step().graph, { maxBatch: 64 });
  const count = dispatchesAt(plan, 64).length;
  console.log(`  seed B5, batch 64: ${count} dispatches, ${plan.kernels.length} kernels, arenas ${((plan.arenas.f32 + plan.arenas.i32) * 4 / 2 ** 20).toFixed(1)} MiB`);
  assert.ok(count <= 128, `${count} dispatches`);
  // A smaller last batch runs the same kernels.
  assert.is(dispatchesAt(plan, 17).length, count);
});

test.run();
