import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../runtime/backends/index.js';
import { applyLearningRates, scheduleFactor } from '../../../runtime/train/learning-rate.js';

test.before(async () => {
  await selectBackend('cpu');
});

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

test('schedules give the factor of each (0-based) epoch', () => {
  assert.equal([0, 1, 2, 3, 4, 5].map((e) => scheduleFactor({ kind: 'step', every: 2, gamma: 0.5 }, e, 6)), [1, 1, 0.5, 0.5, 0.25, 0.25]);
  assert.ok(close(scheduleFactor({ kind: 'exponential', gamma: 0.9 }, 3, 10), 0.729));
  // linear reaches its end factor at the last epoch.
  assert.equal([0, 2, 4].map((e) => scheduleFactor({ kind: 'linear', endFactor: 0 }, e, 5)), [1, 0.5, 0]);
  assert.is(scheduleFactor({ kind: 'constant' }, 7, 10), 1);
});

test('the rate set for an epoch is the one the optimizers then step with', () => {
  for (const make of [() => tf.train.sgd(1), () => tf.train.momentum(1, 0), () => tf.train.adam(1), () => tf.train.rmsprop(1)]) {
    const optimizers = { generator: make(), discriminator: make() };
    const rates = applyLearningRates(
      { learningRates: { generator: { base: 0.1, schedule: { kind: 'step', every: 1, gamma: 0.5 } }, discriminator: { base: 0.2, schedule: { kind: 'constant' } } } },
      optimizers,
      2,
      5,
    );
    assert.equal(rates, { generator: 0.025, discriminator: 0.2 });
    assert.is(optimizers.generator.getConfig().learningRate, 0.025, optimizers.generator.getClassName());
    // One SGD step on x with gradient 1 moves x by exactly the rate.
    if (optimizers.generator.getClassName() === 'SGD') {
      const x = tf.variable(tf.scalar(1));
      optimizers.generator.minimize(() => x.mul(1) as tf.Scalar, false, [x]);
      assert.ok(Math.abs(x.dataSync()[0] - 0.975) < 1e-7);
    }
  }
});

test.run();
