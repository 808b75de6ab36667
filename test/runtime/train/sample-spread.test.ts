import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadDataset } from '../../../runtime/data/index.js';
import { meanPairwiseDistance, realSpread, sampleSpreadMonitor } from '../../../runtime/monitor/sample-spread.js';
import { createRng } from '../../../runtime/random.js';

const mnist = () =>
  loadDataset(
    { source: 'mnist', range: [-1, 1], batchSize: 64, shuffle: true, dropLast: true, labels: false, classes: 10, shape: [28, 28, 1], flips: [] },
    { limit: 2000 },
  );

/** 16 real MNIST images, as the fixed-noise samples of a G that has learnt the data. */
async function realImages(count: number, seed: number): Promise<Float32Array> {
  const iterator = mnist().batches(count, createRng(seed), true)[Symbol.iterator]();
  const batch = iterator.next().value!;
  const values = (await batch.images.data()) as Float32Array;
  batch.images.dispose();
  return values;
}

test('meanPairwiseDistance: three points on a line', () => {
  // Pairs (0,3), (0,5), (3,5): distances 3, 5, 2.
  assert.ok(Math.abs(meanPairwiseDistance(Float32Array.from([0, 3, 5]), 3) - 10 / 3) < 1e-9);
});

test('real MNIST images are not reported as collapsed', async () => {
  const reference = await realSpread(mnist());
  assert.ok(reference > 10, `real spread ${reference}`);
  assert.is(sampleSpreadMonitor(reference).onEpochEnd?.({ epoch: 1, samples: await realImages(16, 5), count: 16 }), undefined);
});

test('one image repeated with a little noise is reported, with both spreads', async () => {
  const reference = await realSpread(mnist());
  const one = (await realImages(1, 7)).slice(0, 784);
  const rng = createRng(3);
  const samples = Float32Array.from({ length: 16 * 784 }, (_, i) => one[i % 784] + 0.05 * rng.normal());
  const finding = sampleSpreadMonitor(reference).onEpochEnd?.({ epoch: 3, samples, count: 16 });
  assert.ok(finding, 'expected a warning');
  assert.is(finding.severity, 'warning');
  assert.match(finding.message, /G may have collapsed \(end of epoch 3\)/);
  assert.match(finding.message, `real images ${reference.toFixed(2)}`);
});

test.run();
