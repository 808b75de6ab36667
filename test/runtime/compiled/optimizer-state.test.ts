import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlanNetwork, PlanState } from '../../../runtime/compiled/plan.js';
import { readOptimizerState, writeOptimizerState } from '../../../runtime/train/compiled-optimizer-state.js';

// Optimizer state between a tfjs optimizer and the compiled plan's flat regions, both ways, so
// a checkpoint holds the same state whichever executor trained it (no GPU needed).

function model(name: string): tf.LayersModel {
  return tf.sequential({ name, layers: [tf.layers.dense({ inputShape: [3], units: 4 }), tf.layers.dense({ units: 2, useBias: false })] });
}

/** The plan's view of a model: trainable weights back to back, and an optimizer's regions after them. */
function planFor(m: tf.LayersModel, kind: string, slots: string[], powers: [string, number][]): { network: PlanNetwork; state: PlanState[] } {
  let offset = 0;
  const weights = m.weights.map((w) => {
    const at = offset;
    offset += w.shape.reduce((p: number, d) => p * (d as number), 1);
    return { name: w.originalName, shape: w.shape as number[], trainable: w.trainable, offset: at };
  });
  const network: PlanNetwork = { name: m.name, offset: 0, length: offset, trainableLength: offset, weights };
  let at = offset;
  const state: PlanState[] = [
    ...slots.map((slot) => ({ name: `${m.name}/${kind}/${slot}`, network: m.name, offset: (at += offset) - offset, length: offset, initial: 0 })),
    ...powers.map(([power, initial]) => ({ name: `${m.name}/${kind}/${power}`, network: m.name, offset: at++, length: 1, initial })),
  ];
  return { network, state };
}

async function trainTwice(m: tf.LayersModel, optimizer: tf.Optimizer): Promise<void> {
  const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1);
  for (let i = 0; i < 2; i++) optimizer.minimize(() => tf.mean(tf.square(m.apply(x) as tf.Tensor)) as tf.Scalar);
  x.dispose();
}

async function weightsOf(optimizer: tf.Optimizer): Promise<{ name: string; values: number[] }[]> {
  const named = await optimizer.getWeights();
  return Promise.all(named.map(async (w) => ({ name: w.name, values: Array.from(await w.tensor.data()) })));
}

const cases: [string, () => tf.Optimizer, string, string[], [string, number][]][] = [
  ['adam', () => tf.train.adam(0.01, 0.5, 0.999), 'adam', ['m', 'v'], [['beta1_power', 0.5], ['beta2_power', 0.999]]],
  ['momentum', () => tf.train.momentum(0.01, 0.9), 'momentum', ['accumulation'], []],
  ['rmsprop', () => tf.train.rmsprop(0.01, 0.9, 0.5), 'rmsprop', ['mean_square', 'momentum'], []],
];

for (const [label, make, kind, slots, powers] of cases) {
  test(`${label}: tfjs state -> plan regions -> a fresh tfjs optimizer gives back the same state`, async () => {
    const m = model(`net_${label}`);
    const trained = make();
    await trainTwice(m, trained);
    const { network, state } = planFor(m, kind, slots, powers);
    const values = await readOptimizerState(trained, network, state);
    assert.ok(values, 'a trained optimizer has state');
    for (const [power, initial] of powers) assert.ok(Math.abs(values![`${m.name}/${kind}/${power}`][0] - initial ** 3) < 1e-7, `${power} after 2 updates`);
    const fresh = make();
    await writeOptimizerState(fresh, m, network, state, values!, 2);
    const [before, after] = [await weightsOf(trained), await weightsOf(fresh)];
    assert.is(after.length, before.length);
    // tfjs loads slots by position, not name (names differ: tfjs's rmsprop calls its slot `rms`).
    after.forEach((w, i) => {
      w.values.forEach((v, j) => assert.ok(Math.abs(v - before[i].values[j]) < 1e-7, `${w.name}[${j}]`));
    });
    tf.dispose(m.weights.map((w) => w.read()));
  });
}

test('a fresh optimizer has no state to upload: the plan keeps its initial values', async () => {
  const m = model('net_fresh');
  const { network, state } = planFor(m, 'adam', ['m', 'v'], [['beta1_power', 0.9], ['beta2_power', 0.999]]);
  assert.is(await readOptimizerState(tf.train.adam(0.01), network, state), undefined);
});

test.run();
