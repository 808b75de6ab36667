import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileGraph } from '../../compiler/graph/compile.js';
import { interpret, type Values } from '../../compiler/graph/interpret.js';
import { CompiledStepExecutor } from '../../runtime/compiled/executor.js';
import { variants } from '../graph/step-variants.js';
import { assertClose, philoxSource, randomInts, randomValues } from '../graph/support.js';
import { networkSlots, slotsToWeights } from '../graph/tfjs-reference.js';
import { testDevice } from './gpu.js';

// Each step variant compiled and run on WebGPU for two iterations (full batch, then smaller),
// against the reference interpreter: logged figures, every weight and every optimizer moment.

const SEED = 21;

for (const variant of variants()) {
  test(`${variant.name}: WebGPU matches the interpreter over two iterations`, async () => {
    const graph = variant.step.graph;
    const { plan } = compileGraph(graph, { maxBatch: variant.maxBatch });
    const executor = await CompiledStepExecutor.create(plan, await testDevice());
    try {
      let state: Record<string, Values> = {};
      for (const network of graph.networks) {
        const weights = network.weights
          .filter((w) => w.trainable)
          .concat(network.weights.filter((w) => !w.trainable))
          .map((w, k) => randomValues(w.shape.reduce((p, d) => p * d, 1), 40 + k, -0.3, 0.3));
        executor.setWeights(network.name, weights);
        state = { ...state, ...networkSlots(graph, network.name, weights) };
      }
      for (const [iteration, batch] of [variant.maxBatch, variant.maxBatch - 1].entries()) {
        const inputs: Record<string, Float32Array | Int32Array> = {};
        for (let k = 0; k < variant.dSteps; k++) {
          const size = plan.inputs.find((i) => i.name === `real/${k}`)!.region.length.perBatch * batch;
          inputs[`real/${k}`] = randomValues(size, 100 * iteration + k);
          if (variant.classes) inputs[`labels/${k}`] = randomInts(batch, 200 * iteration + k, variant.classes);
        }
        const scalars = { 'lr/G': 0.01, 'lr/D': 0.02 };
        executor.step({ batch, iteration, seed: SEED, inputs, scalars, readOutputs: true });
        const outputs = await executor.outputs();
        const run = interpret(graph, { batch, inputs, scalars, state, random: philoxSource(SEED, iteration) });
        for (const name of Object.keys(run.outputs)) {
          assertClose(outputs[name], run.outputs[name] as Float32Array, 1e-4, `iteration ${iteration} ${name}`, 0.1);
        }
        for (const network of graph.networks) {
          const ours = await executor.getWeights(network.name);
          slotsToWeights(graph, network.name, run.state).forEach((w, k) => assertClose(ours[k], w, 1e-4, `iteration ${iteration} ${network.name} weight ${k}`, 0.1));
        }
        const moments = await executor.getState();
        assert.equal(Object.keys(moments).sort(), plan.state.map((s) => s.name).sort());
        for (const [name, value] of Object.entries(moments)) assertClose(value, run.state[name] as Float32Array, 1e-4, `iteration ${iteration} ${name}`, 0.1);
        state = run.state;
      }
    } finally {
      executor.destroy();
    }
  });
}

test.run();
