import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileGraph } from '../../compiler/graph/compile.js';
import { CompiledStepExecutor, type StepOptions } from '../../runtime/compiled/executor.js';
import type { CompiledPlan } from '../../runtime/compiled/plan.js';
import { dcganCase, realBatch } from '../graph/step-cases.js';
import { useTfjsCpu } from '../graph/support.js';
import { modelWeights } from '../graph/tfjs-reference.js';
import { testDevice } from './gpu.js';

// Checkpoint and resume: weights, batch-norm statistics and optimizer moments downloaded after
// an iteration and uploaded into a fresh executor (from the plan as JSON) continue exactly as
// the uninterrupted run does.

test.before(useTfjsCpu);

test('a resumed run (plan through JSON, weights and optimizer state re-uploaded) equals the uninterrupted run bit for bit', async () => {
  const c = dcganCase();
  const { plan } = compileGraph(c.step.graph, { maxBatch: c.maxBatch });
  const dawn = await testDevice();
  const options = (iteration: number): StepOptions => ({
    batch: c.maxBatch,
    iteration,
    seed: 7,
    inputs: { 'real/0': realBatch(c, c.maxBatch, iteration) },
    scalars: { 'lr/G': c.lr, 'lr/D': c.lr },
    readOutputs: true,
  });
  const straight = await CompiledStepExecutor.create(plan, dawn);
  straight.setWeights('G', modelWeights(c.tfjs.generator));
  straight.setWeights('D', modelWeights(c.tfjs.discriminator));
  straight.step(options(0));
  await straight.outputs();
  const saved = { G: await straight.getWeights('G'), D: await straight.getWeights('D'), state: await straight.getState() };
  straight.step(options(1));
  const expected = await straight.outputs();
  const expectedWeights = await straight.getWeights('D');
  straight.destroy();

  const reloaded = JSON.parse(JSON.stringify(plan)) as CompiledPlan;
  const resumed = await CompiledStepExecutor.create(reloaded, dawn);
  resumed.setWeights('G', saved.G);
  resumed.setWeights('D', saved.D);
  resumed.setState(saved.state);
  resumed.step(options(1));
  const actual = await resumed.outputs();
  for (const name of Object.keys(expected)) assert.equal(Array.from(actual[name]), Array.from(expected[name]), name);
  (await resumed.getWeights('D')).forEach((w, k) => assert.equal(Array.from(w), Array.from(expectedWeights[k]), `D weight ${k}`));
  resumed.destroy();
});

test('the executor refuses data that does not fit the plan, saying which and why', async () => {
  const c = dcganCase();
  const { plan } = compileGraph(c.step.graph, { maxBatch: c.maxBatch });
  const executor = await CompiledStepExecutor.create(plan, await testDevice());
  const base: StepOptions = { batch: 2, iteration: 0, seed: 1, inputs: { 'real/0': new Float32Array(2 * 784) }, scalars: { 'lr/G': 1, 'lr/D': 1 } };
  assert.throws(() => executor.step({ ...base, batch: c.maxBatch + 1 }), /batch 5 is outside \[1, 4\]/);
  assert.throws(() => executor.step({ ...base, inputs: { 'real/0': new Float32Array(5) } }), /input 'real\/0' .* needs 1568 values, got 5/);
  assert.throws(() => executor.step({ ...base, scalars: { 'lr/G': 1 } }), /run-time scalar 'lr\/D'/);
  assert.throws(() => executor.setWeights('G', []), /network 'G' has \d+ weights/);
  assert.throws(() => executor.setWeights('E', []), /no network 'E'/);
  executor.destroy();
});

test.run();
