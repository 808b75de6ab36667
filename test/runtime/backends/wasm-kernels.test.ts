import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../runtime/backends/index.js';
import { assertSameOnCpuAndWasm, randomValues, valuesOn } from './compare.js';

test.before(async () => {
  await selectBackend('cpu');
  await selectBackend('wasm');
});

test('the wasm kernel patches are registered', () => {
  for (const name of [tf.BatchMatMul, tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput, tf.Tile, tf.UnsortedSegmentSum]) {
    assert.ok(tf.getKernel(name, 'wasm'), `${name} is registered for wasm`);
  }
});

const matMulCases: { a: number[]; b: number[]; transposeA: boolean; transposeB: boolean }[] = [
  { a: [7, 5], b: [5, 3], transposeA: false, transposeB: false },
  { a: [5, 7], b: [5, 3], transposeA: true, transposeB: false },
  { a: [7, 5], b: [3, 5], transposeA: false, transposeB: true },
  { a: [5, 7], b: [3, 5], transposeA: true, transposeB: true },
  { a: [128, 64], b: [128, 32], transposeA: true, transposeB: false },
  { a: [2, 6, 4], b: [2, 6, 5], transposeA: true, transposeB: false },
  { a: [3, 4, 6], b: [3, 5, 6], transposeA: false, transposeB: true },
  { a: [1, 6, 4], b: [3, 5, 6], transposeA: true, transposeB: true },
];

for (const [i, c] of matMulCases.entries()) {
  test(`BatchMatMul a [${c.a}] b [${c.b}] transposeA=${c.transposeA} transposeB=${c.transposeB}`, async () => {
    await assertSameOnCpuAndWasm('matMul', () => {
      const a = tf.tensor(randomValues(tf.util.sizeFromShape(c.a), 10 + i), c.a);
      const b = tf.tensor(randomValues(tf.util.sizeFromShape(c.b), 20 + i), c.b);
      return tf.matMul(a, b, c.transposeA, c.transposeB);
    });
  });
}

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
const convCases: { x: [number, number, number, number]; filter: [number, number, number, number]; strides: [number, number]; pad: Pad }[] = [
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'valid' },
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'same' },
  { x: [3, 9, 7, 2], filter: [4, 4, 2, 5], strides: [2, 2], pad: 'same' },
  { x: [2, 28, 28, 1], filter: [4, 4, 1, 8], strides: [2, 2], pad: [[0, 0], [1, 1], [1, 1], [0, 0]] },
  { x: [2, 7, 7, 6], filter: [4, 4, 6, 3], strides: [2, 2], pad: 1 },
  { x: [2, 6, 5, 4], filter: [2, 3, 4, 2], strides: [1, 2], pad: 'valid' },
  { x: [1, 5, 5, 16], filter: [5, 5, 16, 2], strides: [1, 1], pad: 'same' },
];

for (const [i, c] of convCases.entries()) {
  test(`Conv2DBackpropFilter x [${c.x}] filter [${c.filter}] strides [${c.strides}] pad ${JSON.stringify(c.pad)}`, async () => {
    await assertSameOnCpuAndWasm('conv2DBackpropFilter', () => {
      const x = tf.tensor4d(randomValues(tf.util.sizeFromShape(c.x), 30 + i), c.x);
      const filter = tf.tensor4d(randomValues(tf.util.sizeFromShape(c.filter), 40 + i), c.filter);
      const y = tf.conv2d(x, filter, c.strides, c.pad as 'same');
      const dy = tf.tensor(randomValues(y.size, 50 + i), y.shape);
      return tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
        strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter,
      }) as tf.Tensor;
    });
  });
}

for (const [i, c] of convCases.entries()) {
  test(`Conv2DBackpropInput x [${c.x}] filter [${c.filter}] strides [${c.strides}] pad ${JSON.stringify(c.pad)}`, async () => {
    await assertSameOnCpuAndWasm('conv2DBackpropInput', () => {
      const x = tf.tensor4d(randomValues(tf.util.sizeFromShape(c.x), 130 + i), c.x);
      const filter = tf.tensor4d(randomValues(tf.util.sizeFromShape(c.filter), 140 + i), c.filter);
      const y = tf.conv2d(x, filter, c.strides, c.pad as 'same');
      const dy = tf.tensor(randomValues(y.size, 150 + i), y.shape);
      return tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, {
        strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x,
      }) as tf.Tensor;
    });
  });
}

for (const [i, padding] of (['valid', 'same'] as const).entries()) {
  test(`conv2d_transpose forward (Conv2DBackpropInput), padding ${padding}`, async () => {
    await assertSameOnCpuAndWasm('conv2dTranspose', () => {
      const x = tf.tensor4d(randomValues(2 * 7 * 7 * 8, 160 + i), [2, 7, 7, 8]);
      const filter = tf.tensor4d(randomValues(4 * 4 * 3 * 8, 170 + i), [4, 4, 3, 8]);
      const size = padding === 'valid' ? 16 : 14;
      return tf.conv2dTranspose(x, filter, [2, size, size, 3], 2, padding);
    });
  });
}

test('Conv2DBackpropFilter through conv2d_transpose weight gradients', async () => {
  await assertSameOnCpuAndWasm('conv2dTranspose filter gradient', () => {
    const x = tf.tensor4d(randomValues(2 * 4 * 4 * 6, 60), [2, 4, 4, 6]);
    const filter = tf.tensor4d(randomValues(3 * 3 * 5 * 6, 61), [3, 3, 5, 6]);
    const weights = tf.tensor4d(randomValues(2 * 9 * 9 * 5, 62), [2, 9, 9, 5]);
    const dFilter = tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2dTranspose(x, f as tf.Tensor4D, [2, 9, 9, 5], 2, 'valid'), weights)));
    return dFilter(filter);
  });
});

const tileCases: { shape: number[]; reps: number[]; dtype: 'float32' | 'int32' | 'bool' }[] = [
  { shape: [1, 1, 1, 5], reps: [3, 4, 2, 1], dtype: 'float32' },
  { shape: [2, 3, 4], reps: [2, 1, 3], dtype: 'float32' },
  { shape: [3], reps: [4], dtype: 'int32' },
  { shape: [2, 1, 3], reps: [1, 5, 2], dtype: 'bool' },
  { shape: [2, 2], reps: [1, 1], dtype: 'float32' },
  { shape: [0, 2], reps: [3, 2], dtype: 'float32' },
];

for (const [i, c] of tileCases.entries()) {
  test(`Tile ${c.dtype} [${c.shape}] by [${c.reps}]`, async () => {
    await assertSameOnCpuAndWasm('tile', () => {
      const values = Array.from(randomValues(tf.util.sizeFromShape(c.shape), 110 + i), (v) => (c.dtype === 'float32' ? v : Math.round(v * 4)));
      return tf.cast(tf.tile(tf.tensor(values, c.shape, c.dtype), c.reps), 'float32');
    }, 0);
  });
}

const segmentCases: { x: number[]; ids: number[]; segments: number }[] = [
  { x: [6, 3], ids: [0, 2, 2, 1, 0, 4], segments: 5 },
  { x: [4, 2, 3], ids: [3, 3, 0, 1], segments: 4 },
  { x: [5], ids: [1, 1, 1, 0, 2], segments: 3 },
];

for (const [i, c] of segmentCases.entries()) {
  test(`UnsortedSegmentSum x [${c.x}] into ${c.segments} segments`, async () => {
    await assertSameOnCpuAndWasm('unsortedSegmentSum', () => {
      const x = tf.tensor(randomValues(tf.util.sizeFromShape(c.x), 70 + i), c.x);
      return tf.unsortedSegmentSum(x, tf.tensor1d(c.ids, 'int32'), c.segments);
    });
  });
}

test('embedding gradient (gather then segment sum)', async () => {
  await assertSameOnCpuAndWasm('gather gradient', () => {
    const table = tf.tensor2d(randomValues(10 * 4, 80), [10, 4]);
    const labels = tf.tensor1d([3, 1, 3, 9, 0, 3], 'int32');
    const weights = tf.tensor2d(randomValues(6 * 4, 81), [6, 4]);
    return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, labels), weights)))(table);
  });
});

for (const shape of [[1, 3, 3, 2], [3, 4, 5, 2]]) {
  for (const backend of ['cpu', 'wasm'] as const) {
    test(`ResizeNearestNeighborGrad on ${backend} is the adjoint of the resize, images [${shape}]`, async () => {
      const [inner, outer] = await valuesOn(backend, () => {
        const x = tf.tensor4d(randomValues(tf.util.sizeFromShape(shape), 90), shape as [number, number, number, number]);
        const up = tf.image.resizeNearestNeighbor(x, [shape[1] * 2, shape[2] * 2]);
        const dy = tf.tensor(randomValues(up.size, 91), up.shape);
        const dx = tf.engine().runKernel(tf.ResizeNearestNeighborGrad, { images: x, dy }, { alignCorners: false, halfPixelCenters: false }) as tf.Tensor;
        return [tf.sum(tf.mul(up, dy)), tf.sum(tf.mul(x, dx))];
      });
      assert.ok(Math.abs(inner[0] - outer[0]) < 1e-4, `<R x, dy> = ${inner[0]} but <x, Rᵀ dy> = ${outer[0]}`);
    });
  }
}

test('second-order gradient through upsample matches cpu', async () => {
  await assertSameOnCpuAndWasm('gradient of a resize gradient', () => {
    const x = tf.tensor4d(randomValues(2 * 3 * 3 * 2, 92), [2, 3, 3, 2]);
    const w = tf.tensor4d(randomValues(2 * 6 * 6 * 2, 93), [2, 6, 6, 2]);
    const inputGradient = (v: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.sum(tf.mul(tf.square(tf.image.resizeNearestNeighbor(u as tf.Tensor4D, [6, 6])), w)))(v);
    return tf.grad((v: tf.Tensor) => tf.sum(tf.square(inputGradient(v))))(x);
  });
});

test.run();
