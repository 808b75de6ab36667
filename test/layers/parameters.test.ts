import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isShapeProblem } from '../../compiler/layers/kind.js';
import { call, checkStack, context, defaulted, kindNamed } from './stack.js';
import { seedA, seedB5, tfDcgan } from './seed-stacks.js';

function parametersOf(kind: string, options: Record<string, unknown>, input: number[], classes?: number) {
  const ctx = context(classes);
  const defaultedOptions = defaulted(call(kind, options));
  assert.not.ok(isShapeProblem(kindNamed(kind).outputShape(input, defaultedOptions, ctx)));
  return kindNamed(kind).parameters(input, defaultedOptions, ctx);
}

test('seed A: G 579,728 and D 533,505 parameters, all trainable', () => {
  // G: 100*128+128 + 128*256+256 + 256*512+512 + 512*784+784
  assert.equal(checkStack(seedA.generatorInput, seedA.generator).parameters, { trainable: 579_728, nonTrainable: 0 });
  // D: 784*512+512 + 512*256+256 + 256*1+1
  assert.equal(checkStack(seedA.discriminatorInput, seedA.discriminator).parameters, { trainable: 533_505, nonTrainable: 0 });
});

test('TF DCGAN: G 2,330,944 (2,305,472 trainable, 25,472 moving statistics), D 212,865', () => {
  const g = checkStack(tfDcgan.generatorInput, tfDcgan.generator).parameters;
  assert.equal(g, { trainable: 2_305_472, nonTrainable: 25_472 });
  assert.is(g.trainable + g.nonTrainable, 2_330_944);
  assert.equal(checkStack(tfDcgan.discriminatorInput, tfDcgan.discriminator).parameters, { trainable: 212_865, nonTrainable: 0 });
});

test('seed B5: G has 837,504 trainable parameters', () => {
  // 4*4*100*256 + 2*256 + 3*3*256*128 + 2*128 + 4*4*128*64 + 2*64 + 4*4*64*1 (no conv bias)
  const g = checkStack(seedB5.generatorInput, seedB5.generator).parameters;
  assert.equal(g, { trainable: 837_504, nonTrainable: 2 * (256 + 128 + 64) });
  // D: 4*4*1*64+64 + 4*4*64*128+128 + 2*128 + 4*4*128*256+256 + 2*256 + 3*3*256*1+1
  const d = checkStack(seedB5.discriminatorInput, seedB5.discriminator).parameters;
  assert.equal(d, { trainable: 1_088 + 131_200 + 256 + 524_544 + 512 + 2_305, nonTrainable: 2 * (128 + 256) });
});

test('single kinds count as Keras and PyTorch do', () => {
  assert.equal(parametersOf('dense', { units: 10, bias: false }, [784]), { trainable: 7_840, nonTrainable: 0 });
  assert.equal(parametersOf('conv2d', { filters: 6, kernel: [3, 5] }, [10, 12, 4]), { trainable: 3 * 5 * 4 * 6 + 6, nonTrainable: 0 });
  assert.equal(parametersOf('conv2d_transpose', { filters: 6, kernel: 2, stride: 2 }, [4, 4, 3]), { trainable: 2 * 2 * 3 * 6 + 6, nonTrainable: 0 });
  assert.equal(parametersOf('batch_norm', {}, [7, 7, 32]), { trainable: 64, nonTrainable: 64 });
  assert.equal(parametersOf('layer_norm', {}, [300]), { trainable: 600, nonTrainable: 0 });
  for (const kind of ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'flatten', 'upsample']) {
    assert.equal(parametersOf(kind, {}, [4, 4, 2]), { trainable: 0, nonTrainable: 0 }, kind);
  }
  assert.equal(parametersOf('dropout', { rate: 0.5 }, [9]), { trainable: 0, nonTrainable: 0 });
  assert.equal(parametersOf('reshape', { shape: [3, 3, 1] }, [9]), { trainable: 0, nonTrainable: 0 });
});

test('spectral_norm: the inner layer\'s weights plus a non-trainable u of one entry per output unit', () => {
  assert.equal(parametersOf('spectral_norm', { layer: call('dense', { units: 256 }) }, [784]), {
    trainable: 784 * 256 + 256,
    nonTrainable: 256,
  });
  assert.equal(parametersOf('spectral_norm', { layer: call('conv2d', { filters: 64, kernel: 4, stride: 2, padding: 1 }) }, [28, 28, 3]), {
    trainable: 4 * 4 * 3 * 64 + 64,
    nonTrainable: 64,
  });
  assert.equal(
    parametersOf('spectral_norm', { layer: call('conv2d_transpose', { filters: 32, kernel: 4, stride: 2, padding: 1, bias: false }) }, [7, 7, 64]),
    { trainable: 4 * 4 * 64 * 32, nonTrainable: 32 },
  );
});

test('label_embed: classes times the embedding length, on vectors and on images', () => {
  assert.equal(parametersOf('label_embed', { size: 50 }, [100], 10), { trainable: 10 * 50, nonTrainable: 0 });
  // an image [28, 28, 1] joins a 28*28*1 embedding per class
  assert.equal(parametersOf('label_embed', { size: 1 }, [28, 28, 1], 10), { trainable: 10 * 784, nonTrainable: 0 });
  assert.equal(parametersOf('label_embed', { size: 2 }, [7, 7, 64], 10), { trainable: 10 * 7 * 7 * 2, nonTrainable: 0 });
});

test.run();
