import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import { GraphBuilder } from '../../compiler/graph/builder.js';
import { interpret, type Values } from '../../compiler/graph/interpret.js';
import { adam, adamw, rmsprop, sgd, type OptimizerLowering } from '../../compiler/graph/optimizers.js';
import { assertClose, randomValues, useTfjsCpu } from './support.js';

// Each optimizer's flat update, three steps with changing gradients and learning rates,
// against tfjs's optimizer on a variable (AdamW: against PyTorch's formula in float64).

test.before(useTfjsCpu);

const SIZE = 40;
const STEPS = [0.01, 0.02, 0.005];

/** A graph that applies one update to network N's flat weights from an input gradient. */
function updateGraph(optimizer: OptimizerLowering) {
  const b = new GraphBuilder();
  b.network('N', () => b.scope('layer', () => b.param('w', [SIZE])));
  const params = b.trainableParams('N');
  const next = optimizer.update(b, { network: 'N', params, grads: b.input('grad', [SIZE]), lr: b.scalar('lr') });
  b.write('N/trainable', next);
  return b.graph;
}

function ours(optimizer: OptimizerLowering, initial: Float32Array, grads: Float32Array[]): Float32Array {
  const graph = updateGraph(optimizer);
  let state: Record<string, Values> = { 'N/trainable': initial };
  grads.forEach((grad, k) => {
    state = interpret(graph, { batch: 1, inputs: { grad }, scalars: { lr: STEPS[k] }, state }).state;
  });
  return state['N/trainable'] as Float32Array;
}

function tfjs(make: (lr: number) => tf.Optimizer, initial: Float32Array, grads: Float32Array[]): Float32Array {
  const variable = tf.variable(tf.tensor1d(initial));
  const optimizer = make(STEPS[0]);
  grads.forEach((grad, k) => {
    (optimizer as unknown as { learningRate: number }).learningRate = STEPS[k];
    // tfjs's momentum optimizer keeps -lr as a tensor made at construction.
    if ('c' in optimizer) (optimizer as unknown as { c: tf.Scalar }).c = tf.keep(tf.scalar(-STEPS[k]));
    optimizer.applyGradients({ [variable.name]: tf.tensor1d(grad) });
  });
  return variable.dataSync() as Float32Array;
}

const initial = randomValues(SIZE, 1);
const grads = STEPS.map((_, k) => randomValues(SIZE, 10 + k, -0.5, 0.5));

const cases: [string, OptimizerLowering, (lr: number) => tf.Optimizer][] = [
  ['adam (tf.train.adam)', adam({ beta1: 0.5, beta2: 0.999, epsilon: 1e-8 }), (lr) => tf.train.adam(lr, 0.5, 0.999, 1e-8)],
  ['sgd (tf.train.sgd)', sgd({ momentum: 0 }), (lr) => tf.train.sgd(lr)],
  ['sgd with momentum (tf.train.momentum)', sgd({ momentum: 0.9 }), (lr) => tf.train.momentum(lr, 0.9)],
  ['rmsprop (tf.train.rmsprop)', rmsprop({ decay: 0.9, momentum: 0.3, epsilon: 1e-7 }), (lr) => tf.train.rmsprop(lr, 0.9, 0.3, 1e-7)],
];

for (const [name, optimizer, make] of cases) {
  test(`${name}: three steps match tfjs`, () => {
    assertClose(ours(optimizer, initial, grads), tfjs(make, initial, grads), 1e-5, name, 1e-2);
  });
}

test('adamw: three steps match PyTorch AdamW in float64', () => {
  const [beta1, beta2, eps, decay] = [0.9, 0.999, 1e-8, 0.05];
  const p = Float64Array.from(initial);
  const m = new Float64Array(SIZE);
  const v = new Float64Array(SIZE);
  grads.forEach((g, k) => {
    const lr = STEPS[k];
    const t = k + 1;
    for (let i = 0; i < SIZE; i++) {
      p[i] *= 1 - lr * decay;
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      const denominator = Math.sqrt(v[i]) / Math.sqrt(1 - beta2 ** t) + eps;
      p[i] -= (lr / (1 - beta1 ** t)) * (m[i] / denominator);
    }
  });
  assertClose(ours(adamw({ beta1, beta2, epsilon: eps, weightDecay: decay }), initial, grads), p, 1e-5, 'adamw', 1e-2);
});

test.run();
