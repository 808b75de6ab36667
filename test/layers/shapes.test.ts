import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, checkStack, context, outputOf, problemOf } from './stack.js';
import { seedA, seedB5, tfDcgan } from './seed-stacks.js';

test('conv2d: PyTorch padding, same and valid, ints and pairs', () => {
  assert.equal(outputOf(call('conv2d', { filters: 64, kernel: 4, stride: 2, padding: 1 }), [28, 28, 1]), [14, 14, 64]);
  // floor((7 + 2 - 4) / 2) + 1 = 3: the B5 odd size
  assert.equal(outputOf(call('conv2d', { filters: 8, kernel: 4, stride: 2, padding: 1 }), [7, 7, 128]), [3, 3, 8]);
  assert.equal(outputOf(call('conv2d', { filters: 64, kernel: 5, stride: 2, padding: 'same' }), [7, 7, 1]), [4, 4, 64]);
  assert.equal(outputOf(call('conv2d', { filters: 2, kernel: 5, stride: 2, padding: 'valid' }), [28, 28, 1]), [12, 12, 2]);
  assert.equal(outputOf(call('conv2d', { filters: 2, kernel: [3, 5], padding: [1, 2] }), [10, 12, 3]), [10, 12, 2]);
  assert.equal(outputOf(call('conv2d', { filters: 2, kernel: 3, stride: [1, 2] }), [10, 12, 3]), [8, 5, 2]);
});

test('conv2d_transpose: seed B5 k3 s2 p1 takes 4 to 7, and the other paddings', () => {
  assert.equal(outputOf(call('conv2d_transpose', { filters: 128, kernel: 3, stride: 2, padding: 1 }), [4, 4, 256]), [7, 7, 128]);
  assert.equal(outputOf(call('conv2d_transpose', { filters: 8, kernel: 3, stride: 2, padding: 1, output_padding: 1 }), [4, 4, 2]), [8, 8, 8]);
  assert.equal(outputOf(call('conv2d_transpose', { filters: 8, kernel: 5, stride: 2, padding: 'same' }), [7, 7, 2]), [14, 14, 8]);
  // valid: (7 - 1)*2 + max(5, 2) = 17 and (7 - 1)*2 + max(1, 2) = 14
  assert.equal(outputOf(call('conv2d_transpose', { filters: 8, kernel: 5, stride: 2, padding: 'valid' }), [7, 7, 2]), [17, 17, 8]);
  assert.equal(outputOf(call('conv2d_transpose', { filters: 8, kernel: 1, stride: 2, padding: 'valid' }), [7, 7, 2]), [14, 14, 8]);
  assert.equal(outputOf(call('conv2d_transpose', { filters: 3, kernel: [4, 3], stride: [2, 1], padding: [1, 0] }), [5, 6, 2]), [10, 8, 3]);
});

test('shape-preserving and reshaping kinds', () => {
  for (const kind of ['batch_norm', 'layer_norm', 'relu', 'leaky_relu', 'tanh', 'sigmoid']) {
    assert.equal(outputOf(call(kind), [7, 7, 3]), [7, 7, 3], kind);
    assert.equal(outputOf(call(kind), [12]), [12], kind);
  }
  assert.equal(outputOf(call('dropout', { rate: 0.3 }), [7, 7, 3]), [7, 7, 3]);
  assert.equal(outputOf(call('dense', { units: 10 }), [784]), [10]);
  assert.equal(outputOf(call('flatten'), [7, 7, 128]), [6272]);
  assert.equal(outputOf(call('flatten'), [10]), [10]);
  assert.equal(outputOf(call('reshape', { shape: [7, 7, 256] }), [12544]), [7, 7, 256]);
  assert.equal(outputOf(call('reshape', { shape: [784] }), [28, 28, 1]), [784]);
  assert.equal(outputOf(call('upsample'), [7, 7, 3]), [14, 14, 3]);
  assert.equal(outputOf(call('upsample', { scale: 3 }), [7, 5, 3]), [21, 15, 3]);
});

test('spectral_norm has its inner layer\'s shape', () => {
  const wrapped = call('spectral_norm', { layer: call('conv2d', { filters: 64, kernel: 4, stride: 2, padding: 1 }) });
  assert.equal(outputOf(wrapped, [28, 28, 1]), [14, 14, 64]);
  assert.equal(outputOf(call('spectral_norm', { layer: call('dense', { units: 5 }) }), [20]), [5]);
  const transposed = call('spectral_norm', { layer: call('conv2d_transpose', { filters: 4, kernel: 3, stride: 2, padding: 1 }) });
  assert.equal(outputOf(transposed, [4, 4, 8]), [7, 7, 4]);
});

test('label_embed joins the label on the last axis of vectors and images', () => {
  assert.equal(outputOf(call('label_embed', { size: 10 }), [100], context(10)), [110]);
  assert.equal(outputOf(call('label_embed', { size: 1 }), [28, 28, 1], context(10)), [28, 28, 2]);
});

test('seed B5: every layer\'s shape, G ends at [28, 28, 1], D at [1, 1, 1] before its flatten', () => {
  const g = checkStack(seedB5.generatorInput, seedB5.generator);
  assert.equal(g.layers.map((l) => l.output), [
    [1, 1, 100],
    [4, 4, 256], [4, 4, 256], [4, 4, 256],
    [7, 7, 128], [7, 7, 128], [7, 7, 128],
    [14, 14, 64], [14, 14, 64], [14, 14, 64],
    [28, 28, 1], [28, 28, 1],
  ]);
  const d = checkStack(seedB5.discriminatorInput, seedB5.discriminator);
  assert.equal(d.layers.map((l) => l.output), [
    [14, 14, 64], [14, 14, 64],
    [7, 7, 128], [7, 7, 128], [7, 7, 128],
    [3, 3, 256], [3, 3, 256], [3, 3, 256],
    [1, 1, 1], [1, 1, 1],
    [1],
  ]);
});

test('seed A and the TF DCGAN end at the data shape and one score', () => {
  assert.equal(checkStack(seedA.generatorInput, seedA.generator).output, [28, 28, 1]);
  assert.equal(checkStack(seedA.discriminatorInput, seedA.discriminator).output, [1]);
  const g = checkStack(tfDcgan.generatorInput, tfDcgan.generator);
  assert.equal(g.layers.map((l) => l.output), [
    [12544], [12544], [12544], [7, 7, 256],
    [7, 7, 128], [7, 7, 128], [7, 7, 128],
    [14, 14, 64], [14, 14, 64], [14, 14, 64],
    [28, 28, 1], [28, 28, 1],
  ]);
  const d = checkStack(tfDcgan.discriminatorInput, tfDcgan.discriminator);
  assert.equal(d.layers.map((l) => l.output), [
    [14, 14, 64], [14, 14, 64], [14, 14, 64],
    [7, 7, 128], [7, 7, 128], [7, 7, 128],
    [6272], [1],
  ]);
});

test('problem: dense on an image asks for flatten', () => {
  const p = problemOf(call('dense', { units: 10 }), [7, 7, 256]);
  assert.is(p.problem, 'rank');
  assert.is(p.message, 'dense needs a vector input, but its input is [batch, 7, 7, 256]');
  assert.match(p.help ?? '', '`flatten`');
});

test('problem: image layers on a vector ask for reshape(h, w, c)', () => {
  for (const layer of [call('conv2d', { filters: 8 }), call('conv2d_transpose', { filters: 8 }), call('upsample')]) {
    const p = problemOf(layer, [100]);
    assert.is(p.problem, 'rank', layer.kind);
    assert.is(p.message, `${layer.kind} needs an image input, but its input is [batch, 100]`);
    assert.match(p.help ?? '', '`reshape(h, w, c)`');
    assert.match(p.help ?? '', '`reshape(1, 1, 100)`');
  }
});

test('problem: a conv size falling below 1 names the axis and shows the arithmetic', () => {
  const p = problemOf(call('conv2d', { filters: 8, kernel: 4 }), [2, 8, 64]);
  assert.is(p.problem, 'size');
  assert.is(p.option, 'kernel');
  assert.is(p.message, 'conv2d output height becomes (2 + 2*0 - 4) / 1 + 1 = -1');
  const both = problemOf(call('conv2d', { filters: 8, kernel: 5, stride: 2, padding: 'valid' }), [4, 2, 1]);
  assert.is(both.message, 'conv2d output height becomes floor((4 - 5) / 2) + 1 = 0 and width becomes floor((2 - 5) / 2) + 1 = -1');
  const t = problemOf(call('conv2d_transpose', { filters: 8, kernel: 1, padding: 1 }), [1, 1, 4]);
  assert.is(t.option, 'padding');
  assert.is(t.message, 'conv2d_transpose output height becomes (1 - 1)*1 - 2*1 + 1 + 0 = -1 and width becomes (1 - 1)*1 - 2*1 + 1 + 0 = -1');
});

test('problem: output_padding must stay below the stride, and needs numeric padding', () => {
  const p = problemOf(call('conv2d_transpose', { filters: 8, kernel: 3, stride: 2, padding: 1, output_padding: 2 }), [4, 4, 2]);
  assert.is(p.option, 'output_padding');
  assert.is(p.message, 'output_padding 2 is not smaller than stride 2 on the height axis');
  const width = problemOf(call('conv2d_transpose', { filters: 8, stride: [3, 1], output_padding: [2, 1] }), [4, 4, 2]);
  assert.is(width.message, 'output_padding 1 is not smaller than stride 1 on the width axis');
  const same = problemOf(call('conv2d_transpose', { filters: 8, stride: 2, padding: 'same', output_padding: 1 }), [4, 4, 2]);
  assert.is(same.option, 'output_padding');
});

test('problem: reshape with another element count states both counts', () => {
  const p = problemOf(call('reshape', { shape: [7, 7, 128] }), [12544]);
  assert.is(p.problem, 'elements');
  assert.is(p.option, 'shape');
  assert.is(p.message, 'reshape(7, 7, 128) holds 6272 elements, but its input [batch, 12544] holds 12544');
  const rank2 = problemOf(call('reshape', { shape: [28, 28] }), [784]);
  assert.is(rank2.problem, 'rank');
  assert.is(rank2.option, 'shape');
});

test('problem: label_embed without labels in the data', () => {
  const p = problemOf(call('label_embed', { size: 10 }), [100], context(undefined));
  assert.is(p.problem, 'label');
  assert.match(p.help ?? '', 'labels = true');
});

test('problem: spectral_norm wraps only weight layers, and passes on its inner layer\'s problems', () => {
  const p = problemOf(call('spectral_norm', { layer: call('batch_norm') }), [7, 7, 3]);
  assert.is(p.option, 'layer');
  assert.match(p.message, '`batch_norm`');
  const inner = problemOf(call('spectral_norm', { layer: call('dense', { units: 1 }) }), [7, 7, 3]);
  assert.is(inner.problem, 'rank');
});

test('a wrong B5 kernel is caught: G no longer ends at 28 and D no longer at 1', () => {
  const g = [...seedB5.generator];
  g[4] = call('conv2d_transpose', { filters: 128, kernel: 4, stride: 2, padding: 1, bias: false });
  assert.equal(checkStack(seedB5.generatorInput, g).output, [32, 32, 1]);
  const d = [...seedB5.discriminator];
  d[8] = call('conv2d', { filters: 1, kernel: 4, stride: 1, padding: 0 });
  assert.throws(() => checkStack(seedB5.discriminatorInput, d), /height becomes \(3 \+ 2\*0 - 4\) \/ 1 \+ 1 = 0/);
});

test.run();
