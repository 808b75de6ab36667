import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bce } from '../../compiler/losses/bce.js';
import { selectBackend } from '../../runtime/backends/index.js';
import { compiled } from '../registries/helpers.js';

test.before(async () => {
  await selectBackend('cpu');
});

/** The emitted `binaryCrossEntropy(targets, probabilities)` of a framework, as a function. */
function crossEntropy(framework: 'pytorch' | 'keras') {
  const helper = bce.tfjs({ from_logits: false, g_loss: 'non_saturating', label_smoothing: 0 }, framework).helpers?.[0];
  if (!helper) throw new Error('bce on probabilities has no helper');
  return compiled<tf.Scalar>(helper.parameters.map((p) => p.name), helper.statements.join('\n'));
}

test('PyTorch\'s BCELoss: logs clamped at -100, and its own gradient, finite where D is sure', () => {
  // As float32 holds them: 1 - 1e-7 is 0.99999988.
  const probabilities = [0, 1e-13, 0.25, 1 - 1e-7, 1].map(Math.fround);
  const targets = [1, 1, 0, 0, 1];
  const fn = crossEntropy('pytorch');
  const p = tf.tensor1d(probabilities);
  const t = tf.tensor1d(targets);
  const value = fn(t, p).dataSync()[0];
  const logs = probabilities.map((pi, i) => targets[i] * Math.max(Math.log(pi), -100) + (1 - targets[i]) * Math.max(Math.log(Math.fround(1 - pi)), -100));
  assert.ok(Math.abs(value - -logs.reduce((a, b) => a + b, 0) / 5) < 1e-4, `value ${value}`);
  const gradient = tf.grad((x: tf.Tensor) => fn(t, x))(p).dataSync();
  probabilities.forEach((pi, i) => {
    const expected = (pi - targets[i]) / Math.max(pi * (1 - pi), 1e-12) / 5;
    assert.ok(Number.isFinite(gradient[i]), `gradient at p = ${pi} is ${gradient[i]}`);
    assert.ok(Math.abs(gradient[i] - expected) <= 1e-3 * Math.abs(expected) + 1e-6, `at p = ${pi}: ${gradient[i]} against PyTorch's ${expected}`);
  });
});

test('Keras\'s binary_crossentropy: clipped to [1e-7, 1 - 1e-7], then log(p + 1e-7)', () => {
  const fn = crossEntropy('keras');
  const value = fn(tf.tensor1d([1, 0]), tf.tensor1d([0, 0.5])).dataSync()[0];
  const expected = -(Math.log(1e-7 + 1e-7) + Math.log(1 - 0.5 + 1e-7)) / 2;
  assert.ok(Math.abs(value - expected) < 1e-4, `${value} vs ${expected}`);
});

test.run();
