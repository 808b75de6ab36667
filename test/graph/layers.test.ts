import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GraphBuilder, type Tensor } from '../../compiler/graph/builder.js';
import { interpret } from '../../compiler/graph/interpret.js';
import { conv2d, conv2dTranspose, type Padding } from '../../compiler/graph/nn/conv.js';
import { dense } from '../../compiler/graph/nn/dense.js';
import { dropout } from '../../compiler/graph/nn/dropout.js';
import { averagePool } from '../../compiler/graph/nn/pool.js';
import { upsample } from '../../compiler/graph/nn/reshape.js';
import { spectralNormalize } from '../../compiler/graph/nn/spectral-norm.js';
import { B, elementCountAt } from '../../compiler/graph/shape.js';
import { SpectralNorm } from '../../runtime/layers/spectral-norm.js';
import { philoxUniform } from '../../runtime/random/philox.js';
import { assertClose, philoxSource, randomValues, useTfjsCpu } from './support.js';
import { networkSlots, seedKernels, slotsToWeights } from './tfjs-reference.js';

// Layer lowerings against the tfjs layers they stand for: convolution padding modes, the
// runtime's spectral norm (output and power-iteration state), inverted dropout, upsampling,
// average pooling.

test.before(useTfjsCpu);

const BATCH = 2;

/** One network `N` made of `layer`, run on the interpreter with the tfjs layer's weights. */
function runLayer(inputShape: number[], layer: (b: GraphBuilder, x: Tensor) => Tensor, weights: Float32Array[]) {
  const b = new GraphBuilder();
  const x = b.input('x', [B, ...inputShape]);
  const y = b.network('N', () => b.scope('layer', () => layer(b, x)));
  b.output('y', y);
  const input = randomValues(elementCountAt([B, ...inputShape], BATCH), 3);
  const run = interpret(b.graph, { batch: BATCH, inputs: { x: input }, state: networkSlots(b.graph, 'N', weights), random: philoxSource(1, 0) });
  return { b, input, run, y: run.outputs.y as Float32Array };
}

const paddings: { padding: Padding; kernel: number; stride: number }[] = [
  { padding: 'same', kernel: 3, stride: 2 },
  { padding: 'same', kernel: 4, stride: 2 },
  { padding: 'valid', kernel: 3, stride: 1 },
];

for (const { padding, kernel, stride } of paddings) {
  test(`conv2d padding '${padding}' k${kernel} s${stride} matches tf.layers.conv2d`, () => {
    const layer = tf.layers.conv2d({ filters: 3, kernelSize: kernel, strides: stride, padding: padding as 'same' | 'valid', inputShape: [7, 7, 2] });
    const model = seedKernels(tf.sequential({ layers: [layer] }), 7);
    const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
    const { input, y } = runLayer([7, 7, 2], (b, x) => conv2d(b, x, { filters: 3, kernel, strides: stride, padding }), weights);
    const expected = (model.predict(tf.tensor(input, [BATCH, 7, 7, 2])) as tf.Tensor).dataSync();
    assertClose(y, expected, 1e-5, 'output', 1e-2);
  });

  test(`conv2dTranspose padding '${padding}' k${kernel} s${stride} matches tf.layers.conv2dTranspose`, () => {
    const layer = tf.layers.conv2dTranspose({ filters: 3, kernelSize: kernel, strides: stride, padding: padding as 'same' | 'valid', inputShape: [4, 5, 2] });
    const model = seedKernels(tf.sequential({ layers: [layer] }), 7);
    const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
    const { input, y } = runLayer([4, 5, 2], (b, x) => conv2dTranspose(b, x, { filters: 3, kernel, strides: stride, padding }), weights);
    const output = model.predict(tf.tensor(input, [BATCH, 4, 5, 2])) as tf.Tensor;
    assert.is(y.length, output.size, `output shape ${output.shape}`);
    assertClose(y, output.dataSync(), 1e-5, 'output', 1e-2);
  });
}

const pools: { size: number; stride: number; padding: 'valid' | 'same'; input: [number, number, number] }[] = [
  { size: 3, stride: 2, padding: 'valid', input: [7, 8, 2] },
  { size: 3, stride: 1, padding: 'same', input: [5, 5, 3] },
  { size: 2, stride: 2, padding: 'same', input: [5, 7, 2] },
];

for (const { size, stride, padding, input: shape } of pools) {
  test(`avg_pool2d ${size} stride ${stride} '${padding}' on ${shape.join('x')} matches tf.layers.averagePooling2d`, () => {
    const { input, y } = runLayer(shape, (b, x) => averagePool(b, x, { size, stride, padding }), []);
    const output = tf.layers.averagePooling2d({ poolSize: size, strides: stride, padding }).apply(tf.tensor(input, [BATCH, ...shape])) as tf.Tensor;
    assert.is(y.length, output.size, `output shape ${output.shape}`);
    assertClose(y, output.dataSync(), 1e-6, 'output', 1e-2);
  });
}

const spectralCases = [
  { label: 'dense', factory: 'tf.layers.dense' as const, config: { units: 4 }, input: [6], outputs: 4 },
  { label: 'conv2d', factory: 'tf.layers.conv2d' as const, config: { filters: 3, kernelSize: 3, strides: 1, padding: 'valid' }, input: [5, 5, 2], outputs: 3 },
  { label: 'conv2dTranspose', factory: 'tf.layers.conv2dTranspose' as const, config: { filters: 3, kernelSize: 3, strides: 2, padding: 'same' }, input: [3, 3, 2], outputs: 3 },
];

for (const c of spectralCases) {
  test(`spectral norm around ${c.label} matches runtime/layers/spectral-norm.ts: output and the stored u after a training call`, () => {
    const layer = new SpectralNorm({ inner: { factory: c.factory, config: c.config }, iterations: 1 });
    // Built by an inference call, which leaves u as initialised; then seeded weights.
    layer.apply(tf.zeros([1, ...c.input]));
    layer.setWeights(layer.getWeights().map((w, k) => tf.tensor(randomValues(w.size, 60 + k), w.shape)));
    const weights = layer.getWeights().map((w) => Float32Array.from(w.dataSync()));
    const transposed = c.factory === 'tf.layers.conv2dTranspose';
    const { b, input, run, y } = runLayer(
      c.input,
      (gb, x) => {
        const kernel = gb.param('kernel', layer.getWeights()[0].shape as number[]);
        const bias = gb.param('bias', [c.outputs]);
        const normalized = spectralNormalize(gb, kernel, { outputs: c.outputs, iterations: 1, transposed }, { training: true });
        if (c.factory === 'tf.layers.dense') return gb.add(gb.matmul(x, normalized), bias);
        if (c.factory === 'tf.layers.conv2d') return gb.add(conv2dWith(gb, x, normalized), bias);
        return gb.add(gb.conv2dBackpropInput(x, normalized, [B, 6, 6, 3], { strides: 2, pads: [0, 1, 0, 1] }), bias);
      },
      weights,
    );
    const expected = (layer.apply(tf.tensor(input, [BATCH, ...c.input]), { training: true }) as tf.Tensor).dataSync();
    assertClose(y, expected, 1e-5, 'output', 1e-2);
    const u = slotsToWeights(b.graph, 'N', run.state)[2];
    assertClose(u, layer.getWeights()[2].dataSync(), 1e-5, 'u after one power iteration');
  });
}

function conv2dWith(b: GraphBuilder, x: Tensor, kernel: Tensor): Tensor {
  return b.conv2d(x, kernel, { strides: 1, pads: 0 });
}

test('dropout is inverted dropout with the Philox mask of its site: x * (u >= rate) / (1 - rate)', () => {
  const rate = 0.3;
  const { input, y } = runLayer([50], (b, x) => dropout(b, x, { rate }, { training: true }), []);
  const u = philoxUniform({ seed: 1, iteration: 0, site: 'N/layer' }, BATCH * 50);
  const expected = Array.from(input, (v, i) => (u[i] >= rate ? Math.fround(v * 1) / (1 - rate) : 0));
  assertClose(y, expected, 1e-6, 'dropped');
  const zeros = y.filter((v) => v === 0).length;
  assert.ok(zeros > 15 && zeros < 45, `${zeros} of 100 dropped at rate 0.3`);
});

test('dropout is the identity outside training', () => {
  const { input, y } = runLayer([5], (b, x) => dropout(b, x, { rate: 0.5 }, { training: false }), []);
  assert.equal(Array.from(y), Array.from(input));
});

test('nearest-neighbour upsampling matches tf.layers.upSampling2d', () => {
  const { input, y } = runLayer([3, 2, 2], (b, x) => upsample(b, x, 2), []);
  const expected = (tf.layers.upSampling2d({ size: [2, 2] }).apply(tf.tensor(input, [BATCH, 3, 2, 2])) as tf.Tensor).dataSync();
  assert.equal(Array.from(y), Array.from(expected));
});

test('dense matches tf.layers.dense', () => {
  const model = seedKernels(tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] }), 8);
  const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  const { input, y } = runLayer([4], (b, x) => dense(b, x, { units: 3 }), weights);
  assertClose(y, (model.predict(tf.tensor(input, [BATCH, 4])) as tf.Tensor).dataSync(), 1e-6, 'output', 1e-2);
});

test.run();
