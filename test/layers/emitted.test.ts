import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Shape } from '../../compiler/shape.js';
import type { EmittedOp } from '../../compiler/layers/kind.js';
import { call, checkStack, context, type LayerCall } from './stack.js';
import { seedA, seedB5, tfDcgan } from './seed-stacks.js';
import { buildModel, measure, useCpuBackend } from './tfjs-model.js';

/**
 * The emitted ops, built with real TensorFlow.js layers and run on a batch, must give exactly the
 * shape the shape rules predicted and the parameter counts the counts predicted.
 */

interface Case {
  name: string;
  input: Shape;
  layers: readonly LayerCall[];
  classes?: number;
}

function agrees({ name, input, layers, classes }: Case): void {
  const checked = checkStack(input, layers, context(classes));
  const ops = checked.layers.flatMap((l) => l.ops);
  const built = buildModel(input, ops);
  const measured = measure(built, input);
  built.model.dispose();
  assert.equal(measured.output, [...checked.output], `${name}: output shape`);
  assert.is(measured.trainable, checked.parameters.trainable, `${name}: trainable`);
  assert.is(measured.nonTrainable, checked.parameters.nonTrainable, `${name}: non-trainable`);
  assert.is(measured.total, checked.parameters.trainable + checked.parameters.nonTrainable, `${name}: countParams`);
}

const single = (name: string, input: Shape, layer: LayerCall, classes?: number): Case => ({ name, input, layers: [layer], classes });

const kindCases: Case[] = [
  single('dense', [20], call('dense', { units: 10 })),
  single('dense without bias', [20], call('dense', { units: 3, bias: false })),
  single('conv2d default', [8, 8, 2], call('conv2d', { filters: 4 })),
  single('conv2d k4 s2 p1', [9, 9, 2], call('conv2d', { filters: 4, kernel: 4, stride: 2, padding: 1 })),
  single('conv2d pairs', [10, 12, 3], call('conv2d', { filters: 4, kernel: [3, 5], stride: [1, 2], padding: [1, 2] })),
  single('conv2d same s2', [7, 7, 1], call('conv2d', { filters: 4, kernel: 5, stride: 2, padding: 'same' })),
  single('conv2d valid s2', [28, 28, 1], call('conv2d', { filters: 2, kernel: 5, stride: 2, padding: 'valid', bias: false })),
  single('conv2d_transpose k4 s1 p0', [1, 1, 10], call('conv2d_transpose', { filters: 8, kernel: 4, stride: 1, padding: 0 })),
  single('conv2d_transpose k3 s2 p1', [4, 4, 6], call('conv2d_transpose', { filters: 5, kernel: 3, stride: 2, padding: 1 })),
  single('conv2d_transpose k3 s2 p1 op1', [4, 4, 2], call('conv2d_transpose', { filters: 3, kernel: 3, stride: 2, padding: 1, output_padding: 1 })),
  single('conv2d_transpose op beyond padding', [3, 3, 2], call('conv2d_transpose', { filters: 3, kernel: 4, stride: 2, padding: 0, output_padding: 1 })),
  single('conv2d_transpose k < s with op', [3, 3, 2], call('conv2d_transpose', { filters: 3, kernel: 2, stride: 3, padding: 0, output_padding: 2 })),
  single('conv2d_transpose k < s cropped', [3, 3, 2], call('conv2d_transpose', { filters: 3, kernel: 1, stride: 3, padding: 1, output_padding: 2 })),
  single('conv2d_transpose pairs', [5, 6, 2], call('conv2d_transpose', { filters: 3, kernel: [4, 3], stride: [2, 1], padding: [1, 0] })),
  single('conv2d_transpose same', [7, 7, 2], call('conv2d_transpose', { filters: 3, kernel: 5, stride: 2, padding: 'same' })),
  single('conv2d_transpose valid', [7, 7, 2], call('conv2d_transpose', { filters: 3, kernel: 5, stride: 2, padding: 'valid' })),
  single('conv2d_transpose valid k < s', [7, 7, 2], call('conv2d_transpose', { filters: 3, kernel: 1, stride: 2, padding: 'valid' })),
  single('batch_norm image', [7, 7, 3], call('batch_norm')),
  single('batch_norm vector', [12], call('batch_norm', { momentum: 0.99, eps: 1e-3 })),
  single('layer_norm image', [7, 7, 3], call('layer_norm')),
  single('layer_norm vector', [12], call('layer_norm')),
  single('dropout', [7, 7, 3], call('dropout', { rate: 0.3 })),
  single('relu', [12], call('relu')),
  single('leaky_relu', [7, 7, 3], call('leaky_relu', { alpha: 0.1 })),
  single('tanh', [12], call('tanh')),
  single('sigmoid', [7, 7, 3], call('sigmoid')),
  single('reshape to an image', [12544], call('reshape', { shape: [7, 7, 256] })),
  single('reshape to a vector', [28, 28, 1], call('reshape', { shape: [784] })),
  single('flatten an image', [7, 7, 128], call('flatten')),
  single('flatten a vector', [10], call('flatten')),
  single('upsample', [7, 5, 3], call('upsample', { scale: 3 })),
  single('label_embed vector', [100], call('label_embed', { size: 10 }), 10),
  single('label_embed image', [28, 28, 1], call('label_embed', { size: 2 }), 10),
];

test.before(useCpuBackend);

test('every kind: tfjs gives the predicted shape and parameter counts', () => {
  for (const c of kindCases) agrees(c);
});

test('seed B5, seed A and TF DCGAN stacks agree with tfjs', () => {
  agrees({ name: 'B5 G', input: seedB5.generatorInput, layers: seedB5.generator });
  agrees({ name: 'B5 D', input: seedB5.discriminatorInput, layers: seedB5.discriminator });
  agrees({ name: 'seed A G', input: seedA.generatorInput, layers: seedA.generator });
  agrees({ name: 'seed A D', input: seedA.discriminatorInput, layers: seedA.discriminator });
  agrees({ name: 'DCGAN G', input: tfDcgan.generatorInput, layers: tfDcgan.generator });
  agrees({ name: 'DCGAN D', input: tfDcgan.discriminatorInput, layers: tfDcgan.discriminator });
});

test('a conditional stack joins labels on both ranks', () => {
  agrees({
    name: 'conditional G',
    input: [100],
    classes: 10,
    layers: [
      call('label_embed', { size: 10 }),
      call('dense', { units: 7 * 7 * 8 }),
      call('reshape', { shape: [7, 7, 8] }),
      call('label_embed', { size: 1 }),
      call('conv2d_transpose', { filters: 1, kernel: 4, stride: 4, padding: 0 }),
    ],
  });
});

test('spectral_norm: the inner layer built by tfjs, plus u, matches; padding stays outside the wrapper', () => {
  const inner = call('conv2d_transpose', { filters: 128, kernel: 3, stride: 2, padding: 1, bias: false });
  const input = [4, 4, 256];
  const wrapped = checkStack(input, [call('spectral_norm', { layer: inner, iterations: 2 })]);
  const ops = wrapped.layers[0].ops;
  assert.equal(ops.map((op) => (op.op === 'layer' ? op.factory : op.op)), ['gan.spectralNorm', 'tf.layers.cropping2D']);
  assert.equal(ops[0], {
    op: 'layer',
    factory: 'gan.spectralNorm',
    config: {
      inner: { factory: 'tf.layers.conv2dTranspose', config: { filters: 128, kernelSize: 3, strides: 2, padding: 'valid', useBias: false } },
      iterations: 2,
    },
  });
  const built = buildModel(input, ops);
  const measured = measure(built, input);
  built.model.dispose();
  assert.equal(measured.output, [7, 7, 128]);
  assert.is(measured.trainable, wrapped.parameters.trainable);
  assert.is(measured.nonTrainable + 128, wrapped.parameters.nonTrainable);

  const conv = checkStack([28, 28, 1], [call('spectral_norm', { layer: call('conv2d', { filters: 64, kernel: 4, stride: 2, padding: 1 }) })]);
  assert.equal(conv.layers[0].ops.map((op) => (op.op === 'layer' ? op.factory : op.op)), ['tf.layers.zeroPadding2d', 'gan.spectralNorm']);
  const dense = checkStack([784], [call('spectral_norm', { layer: call('dense', { units: 1 }) })]);
  assert.equal(dense.layers[0].ops, [
    { op: 'layer', factory: 'gan.spectralNorm', config: { inner: { factory: 'tf.layers.dense', config: { units: 1, useBias: true } }, iterations: 1 } },
  ]);
});

test('emitted op lists read as the brief spells them', () => {
  const opsOf = (input: Shape, layer: LayerCall, classes?: number): EmittedOp[] => checkStack(input, [layer], context(classes)).layers[0].ops;
  assert.equal(opsOf([100], call('dense', { units: 128 })), [{ op: 'layer', factory: 'tf.layers.dense', config: { units: 128, useBias: true } }]);
  assert.equal(opsOf([28, 28, 1], call('conv2d', { filters: 64, kernel: 4, stride: 2, padding: 1 })), [
    { op: 'layer', factory: 'tf.layers.zeroPadding2d', config: { padding: [[1, 1], [1, 1]] } },
    { op: 'layer', factory: 'tf.layers.conv2d', config: { filters: 64, kernelSize: 4, strides: 2, padding: 'valid', useBias: true } },
  ]);
  // tfjs 'valid': 4*2 + max(3 - 2, 0) = 9; PyTorch: (4 - 1)*2 - 2 + 3 = 7; crop 1 from each side
  assert.equal(opsOf([4, 4, 256], call('conv2d_transpose', { filters: 128, kernel: 3, stride: 2, padding: 1 })), [
    { op: 'layer', factory: 'tf.layers.conv2dTranspose', config: { filters: 128, kernelSize: 3, strides: 2, padding: 'valid', useBias: true } },
    { op: 'layer', factory: 'tf.layers.cropping2D', config: { cropping: [[1, 1], [1, 1]] } },
  ]);
  // PyTorch: (3 - 1)*2 + 4 + 1 = 9, one row more than tfjs's 3*2 + 2 = 8: a zero input row at the
  // end gives 4*2 + 2 = 10, cropped by one at the end
  const grown = opsOf([3, 3, 2], call('conv2d_transpose', { filters: 3, kernel: 4, stride: 2, output_padding: 1 }));
  assert.equal(grown.map((op) => (op.op === 'layer' ? op.factory : op.op)), [
    'tf.layers.zeroPadding2d', 'tf.layers.conv2dTranspose', 'tf.layers.cropping2D',
  ]);
  assert.equal(grown[0], { op: 'layer', factory: 'tf.layers.zeroPadding2d', config: { padding: [[0, 1], [0, 1]] } });
  assert.equal(grown[2], { op: 'layer', factory: 'tf.layers.cropping2D', config: { cropping: [[0, 1], [0, 1]] } });
  assert.equal(opsOf([7, 7, 3], call('batch_norm')), [
    { op: 'layer', factory: 'tf.layers.batchNormalization', config: { axis: -1, momentum: 0.9, epsilon: 1e-5 } },
  ]);
  assert.equal(opsOf([7, 7, 3], call('upsample')), [
    { op: 'layer', factory: 'tf.layers.upSampling2d', config: { size: [2, 2], interpolation: 'nearest' } },
  ]);
  assert.equal(opsOf([7, 7, 3], call('tanh')), [{ op: 'layer', factory: 'tf.layers.activation', config: { activation: 'tanh' } }]);
  assert.equal(opsOf([100], call('label_embed', { size: 10 }), 10), [{ op: 'joinLabel', classes: 10, embeddingSize: 10 }]);
  assert.equal(opsOf([28, 28, 1], call('label_embed', { size: 1 }), 10), [
    { op: 'joinLabel', classes: 10, embeddingSize: 784, reshape: [28, 28, 1] },
  ]);
});

test.run();
