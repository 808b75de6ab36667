import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadModelFolder, saveModelFolder } from '../../../runtime/checkpoint/model-files.js';
import { selectBackend } from '../../../runtime/backends/index.js';
import { SpectralNorm, spectralNorm, type SpectralNormConfig } from '../../../runtime/index.js';

// The runtime registers faster backends than cpu; the tests pin cpu as trainers on it would.
test.before(async () => {
  await selectBackend('cpu');
});

/** The largest singular value of a [rows, cols] matrix, by many power iterations on MᵀM in float64. */
function topSingularValue(values: Float32Array | number[], rows: number, cols: number): number {
  let v = Array.from({ length: cols }, (_, i) => 1 + i / cols);
  let sigma = 0;
  for (let iteration = 0; iteration < 500; iteration++) {
    const mv = Array.from({ length: rows }, (_, r) => v.reduce((sum, x, c) => sum + values[r * cols + c] * x, 0));
    const mtmv = Array.from({ length: cols }, (_, c) => mv.reduce((sum, x, r) => sum + values[r * cols + c] * x, 0));
    const norm = Math.hypot(...mtmv);
    sigma = Math.sqrt(norm / Math.hypot(...v));
    v = mtmv.map((x) => x / norm);
  }
  return sigma;
}

const cases: { label: string; inner: SpectralNormConfig['inner']; input: number[] }[] = [
  { label: 'dense', inner: { factory: 'tf.layers.dense', config: { units: 8 } }, input: [2, 20] },
  { label: 'conv2d', inner: { factory: 'tf.layers.conv2d', config: { filters: 5, kernelSize: 3, strides: 1, padding: 'valid' } }, input: [2, 6, 6, 3] },
  { label: 'conv2dTranspose', inner: { factory: 'tf.layers.conv2dTranspose', config: { filters: 5, kernelSize: 3, strides: 2, padding: 'same' } }, input: [2, 4, 4, 3] },
];

for (const { label, inner, input } of cases) {
  test(`spectral_norm(${label}): the normalised kernel's top singular value reaches 1`, () => {
    const layer = new SpectralNorm({ inner, iterations: 1 });
    const x = tf.randomNormal(input, 0, 1, 'float32', 1);
    layer.apply(x);
    // Blow the kernel up so that an unnormalised one would be far from 1.
    const [kernel, bias, u] = layer.getWeights();
    layer.setWeights([tf.mul(kernel, 10), bias, u]);
    for (let i = 0; i < 40; i++) tf.dispose(layer.apply(x, { training: true }) as tf.Tensor);
    const normalized = layer.normalizedKernel(false);
    const outputsLast = label === 'conv2dTranspose' ? tf.transpose(normalized, [0, 1, 3, 2]) : normalized;
    const outputs = normalized.shape[label === 'conv2dTranspose' ? 2 : normalized.rank - 1];
    const matrix = outputsLast.reshape([-1, outputs]) as tf.Tensor2D;
    const sigma = topSingularValue(matrix.dataSync() as Float32Array, matrix.shape[0], matrix.shape[1]);
    assert.ok(Math.abs(sigma - 1) < 1e-2, `top singular value ${sigma}`);
    assert.equal(layer.trainableWeights.map((w) => w.shape), [kernel.shape, [outputs]]);
    assert.equal(layer.nonTrainableWeights.map((w) => w.shape), [[outputs]]);
  });
}

test('spectral_norm applies the same op as the layer it wraps, on the normalised kernel', () => {
  const layer = new SpectralNorm({ inner: cases[1].inner, iterations: 1 });
  const x = tf.randomNormal([2, 6, 6, 3], 0, 1, 'float32', 2);
  const y = layer.apply(x) as tf.Tensor;
  const expected = tf.add(tf.conv2d(x as tf.Tensor4D, layer.normalizedKernel(false) as tf.Tensor4D, 1, 'valid'), layer.getWeights()[1]);
  assert.ok(tf.max(tf.abs(tf.sub(y, expected))).dataSync()[0] < 1e-5);
});

test('spectral_norm output shapes match the wrapped TF.js layers', () => {
  for (const padding of ['same', 'valid'] as const) {
    const config = { filters: 4, kernelSize: [4, 3] as [number, number], strides: 2, padding };
    for (const factory of ['tf.layers.conv2d', 'tf.layers.conv2dTranspose'] as const) {
      const reference = factory === 'tf.layers.conv2d' ? tf.layers.conv2d(config) : tf.layers.conv2dTranspose(config);
      const shape = [null, 7, 9, 3];
      assert.equal(new SpectralNorm({ inner: { factory, config }, iterations: 1 }).computeOutputShape(shape), reference.computeOutputShape(shape), `${factory} ${padding}`);
    }
  }
});

test('the kernel gets a gradient; u is held constant', () => {
  const layer = new SpectralNorm({ inner: cases[0].inner, iterations: 2 });
  const x = tf.randomNormal([4, 20], 0, 1, 'float32', 3);
  layer.apply(x);
  const kernel = layer.trainableWeights[0].read() as tf.Variable;
  const { grads } = tf.variableGrads(() => tf.sum(layer.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, [kernel]);
  const gradient = grads[kernel.name];
  assert.ok(gradient && tf.all(tf.isFinite(gradient)).dataSync()[0] === 1 && tf.max(tf.abs(gradient)).dataSync()[0] > 0);
});

test('a model holding spectral_norm saves and loads with its u vector', async () => {
  const input = tf.input({ shape: [20] });
  const output = spectralNorm({ inner: { factory: 'tf.layers.dense', config: { units: 3, kernelInitializer: 'heNormal' } }, iterations: 1 }).apply(input) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  const x = tf.randomNormal([2, 20], 0, 1, 'float32', 4);
  model.apply(x, { training: true });
  const folder = join(mkdtempSync(join(tmpdir(), 'ganc-sn-')), 'model');
  await saveModelFolder(model, folder);
  const loaded = await loadModelFolder(folder);
  assert.equal(loaded.getWeights().map((w) => Array.from(w.dataSync())), model.getWeights().map((w) => Array.from(w.dataSync())));
  assert.equal(Array.from((loaded.predict(x) as tf.Tensor).dataSync()), Array.from((model.predict(x) as tf.Tensor).dataSync()));
});

test('options spectral_norm cannot honour are refused, not ignored', () => {
  assert.throws(() => new SpectralNorm({ inner: { factory: 'tf.layers.dense', config: { units: 3, kernelRegularizer: 'l2' } }, iterations: 1 }), /option 'kernelRegularizer' is not supported/);
  assert.throws(() => new SpectralNorm({ inner: { factory: 'tf.layers.dense', config: { units: 3, activation: 'relu' } }, iterations: 1 }), /put the activation after spectral_norm/);
  assert.throws(() => new SpectralNorm({ inner: { factory: 'tf.layers.dense', config: { units: 3 } }, iterations: 0 }), /iterations must be a positive integer/);
});

test.run();
