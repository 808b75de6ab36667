import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Shape } from '../../compiler/shape.js';
import { layerKinds } from '../../compiler/layers/registry.js';
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
  const built = buildModel(input, checked.layers.map((l) => l.nodes));
  const measured = measure(built, input);
  built.model.dispose();
  assert.equal(measured.output, [...checked.output], `${name}: output shape`);
  assert.is(measured.trainable, checked.parameters.trainable, `${name}: trainable`);
  assert.is(measured.nonTrainable, checked.parameters.nonTrainable, `${name}: non-trainable`);
  assert.is(measured.total, checked.parameters.trainable + checked.parameters.nonTrainable, `${name}: countParams`);
}

/** Every example of every kind in the registry: a kind added there is tested here with no edit to this file. */
const kindCases: Case[] = [...layerKinds.values()].flatMap((kind) =>
  kind.examples.map((example, i) => ({
    name: `${kind.name} example ${i + 1}`,
    input: example.input,
    layers: [call(kind.name, example.options)],
    classes: example.classes,
  })),
);

test.before(useCpuBackend);

test('every kind\'s examples: tfjs gives the predicted shape and parameter counts', () => {
  assert.ok(kindCases.length >= layerKinds.size, 'every kind has an example');
  for (const kind of layerKinds.values()) assert.ok(kind.examples.length > 0, `${kind.name} has no example`);
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

/** A layer's nodes as factory, config and arguments (the comments and markers aside). */
function callsOf(input: Shape, layer: LayerCall, classes?: number) {
  return checkStack(input, [layer], context(classes)).layers[0].nodes.map(({ factory, config, args }) => (args ? { factory, config, args } : { factory, config }));
}

test('spectral_norm: the runtime layer built by tfjs matches; padding stays outside the wrapper', () => {
  const inner = call('conv2d_transpose', { filters: 128, kernel: 3, stride: 2, padding: 1, bias: false });
  const input = [4, 4, 256];
  const wrapped = checkStack(input, [call('spectral_norm', { layer: inner, iterations: 2 })]);
  const nodes = wrapped.layers[0].nodes;
  assert.equal(nodes.map((node) => node.factory), ['gan.spectralNorm', 'tf.layers.cropping2D']);
  assert.equal(nodes[0], {
    factory: 'gan.spectralNorm',
    config: {
      inner: { factory: 'tf.layers.conv2dTranspose', config: { filters: 128, kernelSize: 3, strides: 2, padding: 'valid', useBias: false } },
      iterations: 2,
    },
  });
  const built = buildModel(input, [nodes]);
  const measured = measure(built, input);
  built.model.dispose();
  assert.equal(measured.output, [7, 7, 128]);
  assert.is(measured.trainable, wrapped.parameters.trainable);
  assert.is(measured.nonTrainable, wrapped.parameters.nonTrainable);

  const conv = checkStack([28, 28, 1], [call('spectral_norm', { layer: call('conv2d', { filters: 64, kernel: 4, stride: 2, padding: 1 }) })]);
  assert.equal(conv.layers[0].nodes.map((node) => node.factory), ['tf.layers.zeroPadding2d', 'gan.spectralNorm']);
  assert.equal(callsOf([784], call('spectral_norm', { layer: call('dense', { units: 1 }) })), [
    { factory: 'gan.spectralNorm', config: { inner: { factory: 'tf.layers.dense', config: { units: 1, useBias: true } }, iterations: 1 } },
  ]);
});

test('layers lower to the TensorFlow.js layers the brief spells', () => {
  assert.equal(callsOf([100], call('dense', { units: 128 })), [{ factory: 'tf.layers.dense', config: { units: 128, useBias: true } }]);
  assert.equal(callsOf([28, 28, 1], call('conv2d', { filters: 64, kernel: 4, stride: 2, padding: 1 })), [
    { factory: 'tf.layers.zeroPadding2d', config: { padding: [[1, 1], [1, 1]] } },
    { factory: 'tf.layers.conv2d', config: { filters: 64, kernelSize: 4, strides: 2, padding: 'valid', useBias: true } },
  ]);
  // tfjs 'valid': 4*2 + max(3 - 2, 0) = 9; PyTorch: (4 - 1)*2 - 2 + 3 = 7; crop 1 from each side
  const cropped = checkStack([4, 4, 256], [call('conv2d_transpose', { filters: 128, kernel: 3, stride: 2, padding: 1 })]).layers[0].nodes;
  assert.equal(cropped.map(({ factory, config }) => ({ factory, config })), [
    { factory: 'tf.layers.conv2dTranspose', config: { filters: 128, kernelSize: 3, strides: 2, padding: 'valid', useBias: true } },
    { factory: 'tf.layers.cropping2D', config: { cropping: [[1, 1], [1, 1]] } },
  ]);
  assert.match(cropped[1].why ?? '', "PyTorch's padding = 1 on a transposed convolution crops the full ('valid') output to its size");
  // PyTorch: (3 - 1)*2 + 4 + 1 = 9, one row more than tfjs's 3*2 + 2 = 8: a zero input row at the
  // end gives 4*2 + 2 = 10, cropped by one at the end
  const grown = callsOf([3, 3, 2], call('conv2d_transpose', { filters: 3, kernel: 4, stride: 2, output_padding: 1 }));
  assert.equal(grown.map((node) => node.factory), ['tf.layers.zeroPadding2d', 'tf.layers.conv2dTranspose', 'tf.layers.cropping2D']);
  assert.equal(grown[0], { factory: 'tf.layers.zeroPadding2d', config: { padding: [[0, 1], [0, 1]] } });
  assert.equal(grown[2], { factory: 'tf.layers.cropping2D', config: { cropping: [[0, 1], [0, 1]] } });
  assert.equal(callsOf([7, 7, 3], call('batch_norm')), [
    { factory: 'tf.layers.batchNormalization', config: { axis: -1, momentum: 0.9, epsilon: 1e-5 } },
  ]);
  assert.equal(callsOf([7, 7, 3], call('upsample')), [
    { factory: 'tf.layers.upSampling2d', config: { size: [2, 2], interpolation: 'nearest' } },
  ]);
  assert.equal(callsOf([7, 7, 3], call('tanh')), [{ factory: 'tf.layers.activation', config: { activation: 'tanh' } }]);
  assert.equal(callsOf([100], call('label_embed', { size: 10 }), 10), [
    { factory: 'tf.layers.embedding', config: { inputDim: 10, outputDim: 10 }, args: ['labels'] },
    { factory: 'tf.layers.flatten', config: {} },
    { factory: 'tf.layers.concatenate', config: {}, args: ['x', 1] },
  ]);
  assert.equal(callsOf([28, 28, 1], call('label_embed', { size: 1 }), 10)[1], { factory: 'tf.layers.reshape', config: { targetShape: [28, 28, 1] } });
});

test.run();
