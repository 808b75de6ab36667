import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRng } from '../../../runtime/random.js';
import { precisionRecall, squaredKnnRadii } from '../../../runtime/eval/precision-recall.js';

function cluster(count: number, size: number, centre: number, seed: number): tf.Tensor2D {
  const rng = createRng(seed);
  return tf.tensor2d(Float32Array.from({ length: count * size }, () => centre + rng.normal()), [count, size]);
}

test('identical sets have precision 1 and recall 1', () => {
  const points = cluster(1200, 16, 0, 1);
  assert.equal(precisionRecall(points, points), { precision: 1, recall: 1 });
  points.dispose();
});

test('disjoint clusters have precision 0 and recall 0', () => {
  const real = cluster(300, 8, 0, 2);
  const fake = cluster(300, 8, 100, 3);
  assert.equal(precisionRecall(real, fake), { precision: 0, recall: 0 });
  tf.dispose([real, fake]);
});

test('samples covering one of two real modes: high precision, recall at most 1/2', () => {
  const size = 4;
  const modeA = cluster(200, size, 0, 4);
  const modeB = cluster(200, size, 50, 5);
  const real = tf.concat([modeA, modeB]) as tf.Tensor2D;
  const fake = cluster(200, size, 0, 6);
  const { precision, recall } = precisionRecall(real, fake);
  // Two sets of 200 points drawn from one Gaussian overlap most, not all, of each other's balls.
  assert.ok(precision > 0.8, `precision ${precision}`);
  assert.ok(recall > 0.35 && recall <= 0.5, `recall ${recall}`);
  tf.dispose([modeA, modeB, real, fake]);
});

test('the k-NN radius is the distance to the k-th other point', () => {
  const line = tf.tensor2d([0, 1, 3, 6, 10], [5, 1]);
  // Distances from 3 to the others are 3, 2, 3, 7: the 3rd nearest is 3 away; from 6: 6, 5, 3, 4 -> 5.
  assert.equal(Array.from(squaredKnnRadii(line, 3)), [36, 25, 9, 25, 81]);
  assert.throws(() => squaredKnnRadii(line, 5), /need more than 5 points, got 5/);
  line.dispose();
});

test.run();
