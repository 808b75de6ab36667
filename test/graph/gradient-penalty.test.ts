import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import { gradients } from '../../compiler/graph/autodiff.js';
import { GraphBuilder } from '../../compiler/graph/builder.js';
import { interpret, type Values } from '../../compiler/graph/interpret.js';
import { conv2d } from '../../compiler/graph/nn/conv.js';
import { dense } from '../../compiler/graph/nn/dense.js';
import { layerNorm } from '../../compiler/graph/nn/normalization.js';
import { averagePool } from '../../compiler/graph/nn/pool.js';
import { flatten } from '../../compiler/graph/nn/reshape.js';
import { B } from '../../compiler/graph/shape.js';
import { gradientPenalty } from '../../compiler/graph/step.js';
import { philoxUniform } from '../../runtime/random/philox.js';
import { gpuRun } from '../compiled/run-plan.js';
import { assertClose, philoxSource, randomValues, useTfjsCpu } from './support.js';
import { modelWeights, networkSlots, seedKernels } from './tfjs-reference.js';

// WGAN-GP's penalty mean((||grad_x D(x_hat)||_2 - 1)^2) differentiated with respect to D's
// weights: a gradient of a gradient, through conv, leaky relu, average pooling, layer norm,
// dense and tanh.
// Against tfjs (tf.variableGrads of a function that calls tf.grad), against finite
// differences on the interpreter in float64, and on WebGPU.

test.before(useTfjsCpu);

const BATCH = 3;
const IMAGE = [6, 6, 2] as const;
const SEED = 5;

/** The hidden activation, and whether a `same` 2 x 2 average pool (3 x 3 -> 2 x 2) follows the conv. */
type Critic = { hidden: 'tanh' | 'leaky'; pooled?: boolean };

function critic(b: GraphBuilder, x: ReturnType<GraphBuilder['input']>, { hidden, pooled }: Critic) {
  return b.network('D', () => {
    let y = b.scope('conv2d_1', () => conv2d(b, x, { filters: 3, kernel: 3, strides: 2, padding: 1 }));
    y = b.leakyRelu(y, 0.2);
    if (pooled) y = averagePool(b, y, { size: 2, stride: 2, padding: 'same' });
    y = b.scope('layer_normalization_1', () => layerNorm(b, y, { epsilon: 1e-5 }));
    y = flatten(b, y);
    y = b.scope('dense_1', () => dense(b, y, { units: 5 }));
    y = hidden === 'tanh' ? b.tanh(y) : b.leakyRelu(y, 0.2);
    return b.scope('dense_2', () => dense(b, y, { units: 1 }));
  });
}

function tfjsCritic({ hidden, pooled }: Critic): tf.Sequential {
  return seedKernels(tf.sequential({
    layers: [
      tf.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], inputShape: [...IMAGE] }),
      tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'valid' }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      ...(pooled ? [tf.layers.averagePooling2d({ poolSize: 2, strides: 2, padding: 'same' })] : []),
      tf.layers.layerNormalization({ axis: -1, epsilon: 1e-5 }),
      tf.layers.flatten(),
      ...(hidden === 'tanh' ? [tf.layers.dense({ units: 5, activation: 'tanh' })] : [tf.layers.dense({ units: 5 }), tf.layers.leakyReLU({ alpha: 0.2 })]),
      tf.layers.dense({ units: 1 }),
    ],
  }), 5);
}

function build(kind: Critic) {
  const b = new GraphBuilder();
  const real = b.input('real', [B, ...IMAGE]);
  const fake = b.input('fake', [B, ...IMAGE]);
  const penalty = b.scope('gp', () => gradientPenalty(b, real, fake, (x) => critic(b, x, kind)));
  const [grad] = gradients(b, penalty, [b.trainableParams('D')]);
  b.output('penalty', penalty);
  b.output('grad', grad);
  return b;
}

function tfjsReference(model: tf.Sequential, real: Float32Array, fake: Float32Array) {
  return tf.tidy(() => {
    const alpha = tf.tensor4d(philoxUniform({ seed: SEED, iteration: 0, site: 'gp/alpha' }, BATCH), [BATCH, 1, 1, 1]);
    const r = tf.tensor(real, [BATCH, ...IMAGE]);
    const f = tf.tensor(fake, [BATCH, ...IMAGE]);
    const penalty = () => {
      const mixed = tf.add(tf.mul(alpha, r), tf.mul(tf.sub(1, alpha), f));
      const gradient = tf.grad((x: tf.Tensor) => tf.sum(model.apply(x) as tf.Tensor))(mixed);
      const norms = tf.sqrt(tf.add(tf.sum(tf.square(gradient), [1, 2, 3]), 1e-12));
      return tf.mean(tf.square(tf.sub(norms, 1))) as tf.Scalar;
    };
    const variables = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const { value, grads } = tf.variableGrads(penalty, variables);
    return { penalty: value.dataSync()[0], grads: variables.map((v) => (grads[v.name] ? Float32Array.from(grads[v.name].dataSync()) : undefined)) };
  });
}


const data = () => ({ real: randomValues(BATCH * 72, 1), fake: randomValues(BATCH * 72, 2) });

// tfjs 4.22 drops the second-order terms that run through tanh's gradient (it reads tanh's
// saved output): with a tanh critic its penalty gradient is partial (layer norm's beta gets
// none at all, though finite differences show it is not zero). So tfjs is the reference for a
// leaky-relu critic, and finite differences for the tanh one.
test('leaky-relu critic: the penalty gradient matches tfjs (tf.grad inside tf.variableGrads) within 1e-4', () => {
  const b = build({ hidden: 'leaky' });
  const model = tfjsCritic({ hidden: 'leaky' });
  const { real, fake } = data();
  const state = networkSlots(b.graph, 'D', modelWeights(model));
  const run = interpret(b.graph, { batch: BATCH, inputs: { real, fake }, state, random: philoxSource(SEED, 0) });
  const reference = tfjsReference(model, real, fake);
  assertClose(run.outputs.penalty as Float32Array, [reference.penalty], 1e-4, 'penalty');
  const grad = run.outputs.grad as Float32Array;
  b.graph.networks[0].weights
    .filter((w) => w.trainable)
    .forEach((w, k) => {
      const ours = grad.subarray(w.offset!, w.offset! + w.shape.reduce((p, d) => p * d, 1));
      // The last bias shifts D(x) only, not its gradient: tfjs returns none for it.
      assertClose(ours, reference.grads[k] ?? new Float32Array(ours.length), 1e-4, `d penalty / d ${w.name}`, 1e-2);
    });
});

// tfjs is no reference through a pool either: its AvgPoolGrad has no gradient of its own.
const checked: [string, Critic][] = [
  ['tanh critic', { hidden: 'tanh' }],
  ['leaky-relu critic with a same-padded average pool', { hidden: 'leaky', pooled: true }],
];

for (const [name, kind] of checked) {
  test(`${name}: the penalty gradient matches finite differences of the penalty (float64), every weight`, () => {
    const b = build(kind);
    const { real, fake } = data();
    const state = networkSlots(b.graph, 'D', modelWeights(tfjsCritic(kind)));
    const flat = Float64Array.from(state['D/trainable'] as Float32Array);
    const at = (values: Float64Array) => interpret(b.graph, { batch: BATCH, inputs: { real, fake }, state: { ...state, 'D/trainable': values }, random: philoxSource(SEED, 0), float64: true });
    const exact = at(flat).outputs.grad as Float64Array;
    const h = 1e-6;
    const numeric = Array.from(flat, (_, i) => {
      const plus = Float64Array.from(flat);
      const minus = Float64Array.from(flat);
      plus[i] += h;
      minus[i] -= h;
      return ((at(plus).outputs.penalty as Float64Array)[0] - (at(minus).outputs.penalty as Float64Array)[0]) / (2 * h);
    });
    assertClose(exact, numeric, 1e-5, 'd penalty / d weights vs finite differences', 1e-3);
  });

  test(`${name}: the penalty and its gradient on WebGPU match the interpreter`, async () => {
    const b = build(kind);
    const { real, fake } = data();
    const model = tfjsCritic(kind);
    const gpu = await gpuRun(b.graph, BATCH);
    gpu.executor.setWeights('D', modelWeights(model));
    const out = await gpu.run(BATCH, { real, fake } as Record<string, Values>, { seed: SEED });
    const state = networkSlots(b.graph, 'D', modelWeights(model));
    const run = interpret(b.graph, { batch: BATCH, inputs: { real, fake }, state, random: philoxSource(SEED, 0) });
    assertClose(out.penalty, run.outputs.penalty as Float32Array, 1e-4, 'penalty');
    // f32 sums in another order than the interpreter's float64: relative 1e-4, absolute 1e-5.
    assertClose(out.grad, run.outputs.grad as Float32Array, 1e-4, 'gradient', 0.1);
    gpu.executor.destroy();
  });
}

test.run();
