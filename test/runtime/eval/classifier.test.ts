import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../runtime/backends/index.js';
import { loadDataset } from '../../../runtime/data/index.js';
import { CLASSIFIER_FEATURE_LAYER, loadClassifier } from '../../../runtime/eval/classifier.js';
import { createRng } from '../../../runtime/random.js';

test('the committed MNIST classifier gets >= 98% of the first 500 test images right', async () => {
  await selectBackend('wasm');
  const classifier = await loadClassifier('mnist');
  assert.equal(classifier.inputShape, [28, 28, 1]);
  const data = loadDataset(
    { source: 'mnist', range: [0, 1], batchSize: 500, shuffle: false, dropLast: true, labels: true, classes: 10, shape: [28, 28, 1], flips: [] },
    { split: 'test', limit: 500 },
  );
  const batch = data.batches(500, createRng(0), true)[Symbol.iterator]().next().value!;
  const result = classifier.classify(batch.images, 200);
  const labels = batch.labels!.dataSync();
  let correct = 0;
  for (let r = 0; r < result.count; r++) {
    const row = result.probabilities.subarray(r * result.classes, (r + 1) * result.classes);
    if (row.indexOf(Math.max(...row)) === labels[r]) correct++;
  }
  assert.ok(correct / 500 >= 0.98, `${correct}/500 right`);
  assert.is(result.features.length, 500 * result.featureSize, `one row of '${CLASSIFIER_FEATURE_LAYER}' per image`);
  tf.dispose([batch.images, batch.labels!]);
});

test('a missing classifier names the script that makes one', async () => {
  try {
    await loadClassifier('mnist', '/nonexistent/classifier');
    assert.unreachable('loaded a classifier from a missing folder');
  } catch (error) {
    assert.match((error as Error).message, /scripts\/train-classifier\.ts --dataset mnist/);
  }
});

test.run();
