import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileGraph } from '../../compiler/graph/compile.js';
import { CompiledStepExecutor } from '../../runtime/compiled/executor.js';
import { dcganCase, mlpCase, realBatch, tfjsOptimizers, type StepCase } from '../graph/step-cases.js';
import { assertClose, useTfjsCpu } from '../graph/support.js';
import { modelWeights, tfjsIteration } from '../graph/tfjs-reference.js';
import { testDevice } from './gpu.js';

// The compiled step on WebGPU (SwiftShader without a GPU) against a tfjs iteration doing the
// same arithmetic: weights uploaded from the tfjs models in `model.weights` order, two
// iterations (full batch, then a smaller last batch) in one command buffer each.

test.before(useTfjsCpu);

const SEED = 11;
const FIGURES = ['loss_D', 'loss_G', 'd_real', 'd_fake_before', 'd_fake_after', 'accuracy_real', 'accuracy_fake'] as const;

async function runCase(c: StepCase): Promise<void> {
  const { plan } = compileGraph(c.step.graph, { maxBatch: c.maxBatch });
  const executor = await CompiledStepExecutor.create(plan, await testDevice());
  const optimizers = tfjsOptimizers(c);
  try {
    executor.setWeights('G', modelWeights(c.tfjs.generator));
    executor.setWeights('D', modelWeights(c.tfjs.discriminator));
    const batches = [c.maxBatch, c.maxBatch - 2];
    for (const [iteration, batch] of batches.entries()) {
      const real = realBatch(c, batch, iteration);
      const started = performance.now();
      executor.step({ batch, iteration, seed: SEED, inputs: { 'real/0': real }, scalars: { 'lr/G': c.lr, 'lr/D': c.lr }, readOutputs: true });
      const outputs = await executor.outputs();
      const elapsed = performance.now() - started;
      assert.is(executor.dispatchCount, plan.dispatches.length);
      const reference = tfjsIteration(c.tfjs, optimizers, { real, batch, seed: SEED, iteration, latent: c.latent });
      for (const figure of FIGURES) assertClose(outputs[figure], [reference[figure]], 1e-4, `${c.name} iteration ${iteration} (batch ${batch}) ${figure}`);
      for (const [network, model] of [['G', c.tfjs.generator], ['D', c.tfjs.discriminator]] as const) {
        const ours = await executor.getWeights(network);
        modelWeights(model).forEach((expected, k) => assertClose(ours[k], expected, 1e-4, `${c.name} iteration ${iteration} ${network} weight ${k} (${model.weights[k].name})`, 1e-2));
      }
      console.log(`  ${c.name} batch ${batch}: ${plan.dispatches.length} dispatches, ${elapsed.toFixed(0)} ms on ${(await testDevice()).adapterInfo}`);
    }
  } finally {
    executor.destroy();
  }
}

test('MLP GAN on WebGPU: two iterations match tfjs within 1e-4', async () => {
  await runCase(mlpCase());
});

test('DCGAN on WebGPU: two iterations match tfjs within 1e-4', async () => {
  await runCase(dcganCase());
});

test.run();
