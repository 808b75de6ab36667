import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { call, checkStack } from './stack.js';
import { buildModel, useCpuBackend } from './tfjs-model.js';

/**
 * Shapes alone cannot tell where the crop of an emitted conv2d_transpose falls. Here the emitted
 * tfjs layers, given known weights, must give the values of PyTorch's ConvTranspose2d, computed
 * directly from its definition: every output starts at the bias, and input (i, j) adds x * w[a][b]
 * to output (i*s + a - p, j*s + b - p).
 */
function torchTranspose(x: number[][], w: number[][], bias: number, stride: number, padding: number, outputPadding: number): number[][] {
  const size = (x.length - 1) * stride - 2 * padding + w.length + outputPadding;
  const out = Array.from({ length: size }, () => new Array<number>(size).fill(bias));
  x.forEach((row, i) =>
    row.forEach((value, j) =>
      w.forEach((wRow, a) =>
        wRow.forEach((weight, b) => {
          const [oi, oj] = [i * stride + a - padding, j * stride + b - padding];
          if (oi >= 0 && oi < size && oj >= 0 && oj < size) out[oi][oj] += value * weight;
        }),
      ),
    ),
  );
  return out;
}

const grid = (n: number, f: (i: number, j: number) => number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => f(i, j)));

const cases = [
  { input: 4, kernel: 3, stride: 2, padding: 1, outputPadding: 0 },
  { input: 5, kernel: 4, stride: 2, padding: 1, outputPadding: 1 },
  { input: 3, kernel: 4, stride: 2, padding: 0, outputPadding: 1 },
  { input: 3, kernel: 2, stride: 3, padding: 0, outputPadding: 2 },
  { input: 3, kernel: 1, stride: 3, padding: 1, outputPadding: 2 },
];

test.before(useCpuBackend);

test('emitted conv2d_transpose with PyTorch padding gives PyTorch\'s values', () => {
  for (const c of cases) {
    const x = grid(c.input, (i, j) => ((i * 7 + j * 3) % 5) - 2);
    const w = grid(c.kernel, (a, b) => ((a * 2 + b) % 3) - 0.5);
    const layer = call('conv2d_transpose', {
      filters: 1, kernel: c.kernel, stride: c.stride, padding: c.padding, output_padding: c.outputPadding,
    });
    const { nodes } = checkStack([c.input, c.input, 1], [layer]).layers[0];
    const { model } = buildModel([c.input, c.input, 1], [nodes]);
    const convolution = model.layers.find((l) => l.getClassName() === 'Conv2DTranspose');
    assert.ok(convolution);
    convolution.setWeights([tf.tensor4d(w.flat(), [c.kernel, c.kernel, 1, 1]), tf.tensor1d([0.25])]);
    const actual = tf.tidy(() => (model.predict(tf.tensor4d(x.flat(), [1, c.input, c.input, 1])) as tf.Tensor).squeeze().arraySync()) as number[][];
    model.dispose();
    const expected = torchTranspose(x, w, 0.25, c.stride, c.padding, c.outputPadding);
    assert.equal(actual.length, expected.length, JSON.stringify(c));
    actual.forEach((row, i) => row.forEach((value, j) => assert.ok(Math.abs(value - expected[i][j]) < 1e-5, `${JSON.stringify(c)} at (${i}, ${j})`)));
  }
});

test.run();
