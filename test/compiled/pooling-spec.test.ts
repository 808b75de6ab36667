import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';
import type { NetworkIR } from '../../compiler/ir.js';
import { lowerTrainingPlan } from '../../compiler/lower-step.js';
import type { TfjsNode } from '../../compiler/lowering/tfjs.js';
import { CompiledStepExecutor } from '../../runtime/compiled/executor.js';
import { assertClose, randomValues, useTfjsCpu } from '../graph/support.js';
import { modelWeights, seedKernels, tfjsIteration } from '../graph/tfjs-reference.js';
import { buildModel } from '../layers/tfjs-model.js';
import { testDevice } from './gpu.js';

// A spec whose D pools with overlapping windows, `avg_pool2d(3, stride = 2)`, lowered from its
// registry entries and run for two iterations on WebGPU (SwiftShader without a GPU), against a
// tfjs iteration of the layers the spec emits, with the same weights, latent and real batch.

test.before(useTfjsCpu);

const path = 'test/fixtures/compiled/overlapping_pool.gan';
const SEED = 5;
const FIGURES = ['loss_D', 'loss_G', 'd_real', 'd_fake_before', 'd_fake_after', 'accuracy_real', 'accuracy_fake'] as const;

function load() {
  const text = readFileSync(join(__dirname, '..', '..', path), 'utf8');
  const checked = checkSource(text, path);
  if (!checked.ir) throw new Error(`${path} does not check: ${checked.diagnostics.map((d) => d.code).join(', ')}`);
  return { ir: checked.ir, source: { path, text } };
}

/**
 * The network as the tfjs trainer builds it, from each layer's registry `tfjs` nodes, with seeded
 * kernels. The spec's initializers (emitted code, not config) are left out: every weight is set.
 */
function tfjsModel(network: NetworkIR, seed: number): tf.LayersModel {
  const uninitialized = (node: TfjsNode): TfjsNode => ({ ...node, config: Object.fromEntries(Object.entries(node.config).filter(([key]) => !key.endsWith('Initializer'))) });
  return seedKernels(buildModel(network.inputShape, network.layers.map((layer) => layer.tfjs.map(uninitialized))).model, seed);
}

test('avg_pool2d(3, stride = 2): the spec lowers to a plan, and compiled iterations match tfjs within 1e-4', async () => {
  const { ir, source } = load();
  assert.equal(ir.discriminator.layers[0].options, { size: 3, stride: 2, padding: 'valid' });
  const lowered = lowerTrainingPlan(ir, source);
  if (!lowered.ok) return assert.unreachable(lowered.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  const { plan } = lowered;
  const G = tfjsModel(ir.generator, 1);
  const D = tfjsModel(ir.discriminator, 2);
  const adam = (role: 'generator' | 'discriminator') => {
    const o = ir.optimizers[role].options as { lr: number; betas: [number, number]; eps: number };
    return { lr: o.lr, optimizer: tf.train.adam(o.lr, o.betas[0], o.betas[1], o.eps) };
  };
  const [g, d] = [adam('generator'), adam('discriminator')];
  const executor = await CompiledStepExecutor.create(plan, await testDevice());
  try {
    executor.setWeights('G', modelWeights(G));
    executor.setWeights('D', modelWeights(D));
    // The batch, then a smaller last one: Adam's second step weighs the gradients' sizes, not only their signs.
    for (const [iteration, batch] of [ir.data.batchSize, ir.data.batchSize - 1].entries()) {
      const real = randomValues(batch * 28 * 28, 77 + iteration);
      executor.step({ batch, iteration, seed: SEED, inputs: { 'real/0': real }, scalars: { 'lr/G': g.lr, 'lr/D': d.lr }, readOutputs: true });
      const outputs = await executor.outputs();
      const reference = tfjsIteration({ generator: G, discriminator: D }, { generator: g.optimizer, discriminator: d.optimizer }, { real, batch, seed: SEED, iteration, latent: ir.latent.size });
      for (const figure of FIGURES) assertClose(outputs[figure], [reference[figure]], 1e-4, `iteration ${iteration} ${figure}`);
      for (const [network, model] of [['G', G], ['D', D]] as const) {
        const ours = await executor.getWeights(network);
        modelWeights(model).forEach((expected, k) => assertClose(ours[k], expected, 1e-4, `iteration ${iteration} ${network} weight ${k} (${model.weights[k].name})`, 1e-2));
      }
    }
  } finally {
    executor.destroy();
  }
});

test.run();
