import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { interpret, type Values } from '../../compiler/graph/interpret.js';
import { dcganCase, mlpCase, realBatch, tfjsOptimizers, type StepCase } from './step-cases.js';
import { assertClose, philoxSource, useTfjsCpu } from './support.js';
import { modelWeights, networkSlots, slotsToWeights, tfjsIteration } from './tfjs-reference.js';

// A full training iteration of the compiled step, on the reference interpreter, against a
// tfjs iteration doing the same arithmetic on the same weights, latents and batches: two
// iterations, the second with a smaller batch (an epoch's last), so optimizer state carries.

test.before(useTfjsCpu);

const SEED = 3;
const FIGURES = ['loss_D', 'loss_G', 'd_real', 'd_fake_before', 'd_fake_after', 'accuracy_real', 'accuracy_fake'] as const;

function runCase(c: StepCase) {
  const graph = c.step.graph;
  const optimizers = tfjsOptimizers(c);
  let state: Record<string, Values> = {
    ...networkSlots(graph, 'G', modelWeights(c.tfjs.generator)),
    ...networkSlots(graph, 'D', modelWeights(c.tfjs.discriminator)),
  };
  const batches = [c.maxBatch, c.maxBatch - 2];
  batches.forEach((batch, iteration) => {
    const real = realBatch(c, batch, iteration);
    const run = interpret(graph, {
      batch,
      inputs: { 'real/0': real },
      scalars: { 'lr/G': c.lr, 'lr/D': c.lr },
      state,
      random: philoxSource(SEED, iteration),
    });
    const reference = tfjsIteration(c.tfjs, optimizers, { real, batch, seed: SEED, iteration, latent: c.latent });
    for (const figure of FIGURES) {
      assertClose(run.outputs[figure] as Float32Array, [reference[figure]], 1e-4, `${c.name} iteration ${iteration} (batch ${batch}) ${figure}`);
    }
    for (const [network, model] of [['G', c.tfjs.generator], ['D', c.tfjs.discriminator]] as const) {
      const ours = slotsToWeights(graph, network, run.state);
      modelWeights(model).forEach((expected, k) => assertClose(ours[k], expected, 1e-4, `${c.name} iteration ${iteration} ${network} weight ${k} (${model.weights[k].name})`, 1e-2));
    }
    state = run.state;
  });
}

test('MLP GAN: two iterations (batch 6, then 4) match tfjs within 1e-4', () => {
  const c = mlpCase();
  assert.ok(c.step.batchedRealAndFake, 'D has no batch norm, so real and fake are scored in one pass');
  runCase(c);
});

test('DCGAN with batch norm and PyTorch-padded conv-transposes: two iterations (batch 4, then 2) match tfjs within 1e-4', () => {
  const c = dcganCase();
  assert.not.ok(c.step.batchedRealAndFake, 'batch norm in D keeps real and fake apart');
  runCase(c);
});

test.run();
