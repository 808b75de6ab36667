import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../runtime/backends/index.js';
import { elementwiseOptimizer } from '../../../runtime/index.js';

test.before(async () => {
  await selectBackend('cpu');
});

/** Momentum SGD written as an update rule, to hold against tfjs's own. */
const momentum = (learningRate: number) =>
  elementwiseOptimizer({
    name: 'MomentumRule',
    learningRate,
    slots: ['velocity'],
    update: ({ value, gradient, slots, learningRate: lr }) => {
      const velocity = tf.add(tf.mul(slots.velocity, 0.9), gradient);
      return { value: tf.sub(value, tf.mul(velocity, lr)), slots: { velocity } };
    },
  });

const loss = (x: tf.Variable) => () => tf.sum(tf.square(tf.sub(x, tf.tensor1d([1, -2, 3])))) as tf.Scalar;

function run(optimizer: tf.Optimizer, x: tf.Variable, steps: number): void {
  for (let i = 0; i < steps; i++) {
    tf.tidy(() => {
      optimizer.minimize(loss(x), false, [x]);
    });
  }
}

test('a rule written in tf ops steps as tfjs\'s own optimizer does', () => {
  const mine = tf.variable(tf.zeros([3]));
  const theirs = tf.variable(tf.zeros([3]));
  run(momentum(0.05), mine, 7);
  run(tf.train.momentum(0.05, 0.9), theirs, 7);
  const a = mine.dataSync();
  const b = theirs.dataSync();
  a.forEach((value, i) => assert.ok(Math.abs(value - b[i]) < 1e-6, `${value} vs ${b[i]}`));
});

test('its step count and slots save and load: a restored optimizer continues exactly', async () => {
  const x = tf.variable(tf.zeros([3]), true, 'restored_x');
  const original = momentum(0.05);
  run(original, x, 3);
  const saved = await original.getWeights();
  assert.equal(saved.map((w) => w.name), ['iter', 'restored_x/velocity']);
  const copy = tf.variable(x.clone(), true, 'restored_copy');
  const restored = momentum(0.05);
  await restored.setWeights(saved.map(({ name, tensor }) => ({ name: name.replace('restored_x', 'restored_copy'), tensor: tensor.clone() })));
  assert.is(restored.iterations, 3);
  run(original, x, 2);
  run(restored, copy, 2);
  assert.equal(Array.from(copy.dataSync()), Array.from(x.dataSync()));
  assert.is(restored.getClassName(), 'MomentumRule');
});

test.run();
