import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tileGradient } from '../../../runtime/backends/gradients/tile-gradient.js';
import { selectBackend } from '../../../runtime/backends/index.js';

/** tfjs's own Tile gradient: one slice of dy per repetition, summed (what the patch replaces). */
function slicewiseTileGradient(dy: tf.Tensor, xShape: number[], reps: number[]): tf.Tensor {
  let total = tf.zeros(xShape);
  const walk = (axis: number, begin: number[]) => {
    if (axis === xShape.length) {
      total = tf.add(total, tf.slice(dy, begin, xShape));
      return;
    }
    for (let r = 0; r < reps[axis]; r++) walk(axis + 1, [...begin, r * xShape[axis]]);
  };
  walk(0, []);
  return total;
}

for (const [xShape, reps] of [
  [[5], [3]],
  [[2, 3], [4, 1]],
  [[4, 1, 1, 1], [1, 6, 7, 2]],
  [[2, 3, 1, 2], [3, 1, 4, 2]],
] as [number[], number[]][]) {
  for (const backend of ['cpu', 'wasm'] as const) {
    test(`Tile gradient on ${backend}, x [${xShape}] reps [${reps}], equals the slice-by-slice sum`, async () => {
      await selectBackend(backend);
      const dyShape = xShape.map((size, axis) => size * reps[axis]);
      const dy = tf.randomNormal(dyShape, 0, 1, 'float32', 3);
      const fast = await tileGradient(dy, xShape, reps).data();
      const slow = await slicewiseTileGradient(dy, xShape, reps).data();
      assert.equal(fast.length, slow.length);
      for (let i = 0; i < fast.length; i++) assert.ok(Math.abs(fast[i] - slow[i]) < 1e-4, `element ${i}: ${fast[i]} vs ${slow[i]}`);
    });
  }
}

test('tf.grad through broadcastTo uses the registered Tile gradient, in a few kernels', async () => {
  await selectBackend('wasm');
  const x = tf.randomNormal([8, 1, 1, 1], 0, 1, 'float32', 5);
  const weights = tf.randomNormal([8, 28, 28, 1], 0, 1, 'float32', 6);
  const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.broadcastTo(t, [8, 28, 28, 1]), weights));
  const profile = await tf.profile(() => tf.grad(f)(x));
  const gradient = await (profile.result as tf.Tensor).data();
  const expected = await tf.sum(weights, [1, 2, 3]).data();
  for (let i = 0; i < 8; i++) assert.ok(Math.abs(gradient[i] - expected[i]) < 1e-3, `row ${i}: ${gradient[i]} vs ${expected[i]}`);
  // The slice-by-slice gradient would run 784 slices and 784 adds here.
  assert.ok(profile.kernels.length < 20, `${profile.kernels.length} kernels`);
});

test.run();
