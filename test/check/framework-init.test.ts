import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';
import type { SpecIR } from '../../compiler/ir.js';

/** `framework` and `init`: the defaults they set, what wins over what, and the mistakes reported. */
const base = `data mnist(batch = 64)
latent normal(size = 100)
generator G {
  dense(7 * 7 * 8, bias = false)
  batch_norm
  relu
  reshape(7, 7, 8)
  conv2d_transpose(1, kernel = 4, stride = 4)
  tanh
}
discriminator D {
  flatten
  dense(1)
  sigmoid
}
loss bce
optimizer G adam(lr = 2e-4)
optimizer D rmsprop(lr = 2e-4)
train(epochs = 1)
`;

function ir(text: string): SpecIR {
  const result = checkSource(text, 'spec.gan');
  if (!result.ir) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  return result.ir;
}

function codes(text: string): string[] {
  return checkSource(text, 'spec.gan').diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`);
}

/** The tfjs config of layer `index` of G. */
const gConfig = (spec: SpecIR, index: number) => spec.generator.layers[index].tfjs.find((node) => node.weighted === true || node.factory.includes('batchNormalization'))?.config ?? {};

test('without a framework statement: PyTorch\'s defaults', () => {
  const spec = ir(base);
  assert.is(spec.framework, 'pytorch');
  assert.equal(spec.generator.layers[1].options, { momentum: 0.9, eps: 1e-5 });
  assert.equal(spec.optimizers.generator.options.eps, 1e-8);
  assert.equal(spec.optimizers.discriminator.options, { lr: 2e-4, decay: 0.99, momentum: 0, eps: 1e-8, schedule: { kind: 'constant' } });
  assert.equal(gConfig(spec, 0).kernelInitializer, { code: 'tf.initializers.randomUniform({ minval: -1 / Math.sqrt(100), maxval: 1 / Math.sqrt(100) })' });
  assert.ok(spec.loss.helpers[0].doc.startsWith('PyTorch\'s BCELoss'));
});

test('framework keras: Keras\'s batch norm, Adam, RMSprop, Glorot-uniform kernels and cross-entropy; written options still win', () => {
  const spec = ir(`framework keras\n${base.replace('  batch_norm\n', '  batch_norm(eps = 1e-5)\n')}`);
  assert.is(spec.framework, 'keras');
  assert.equal(spec.generator.layers[1].options, { momentum: 0.99, eps: 1e-5 });
  assert.equal(spec.optimizers.generator.options.eps, 1e-7);
  assert.equal(spec.optimizers.discriminator.options.decay, 0.9);
  assert.equal(gConfig(spec, 0).kernelInitializer, { code: 'tf.initializers.glorotUniform({})' });
  assert.ok(spec.loss.helpers[0].doc.startsWith('Keras\'s binary_crossentropy'));
});

test('init G dcgan sets G\'s conv weights and batch norm only; a layer\'s own init wins over its network\'s', () => {
  const spec = ir(`${base}init G dcgan\n`.replace('  dense(7 * 7 * 8, bias = false)', '  dense(7 * 7 * 8, bias = false, init = normal(0, 0.01))'));
  assert.equal(gConfig(spec, 0).kernelInitializer, { code: 'tf.initializers.randomNormal({ mean: 0, stddev: 0.01 })' });
  assert.equal(gConfig(spec, 1).gammaInitializer, { code: 'tf.initializers.randomNormal({ mean: 1, stddev: 0.02 })' });
  assert.equal(gConfig(spec, 4).kernelInitializer, { code: 'tf.initializers.randomNormal({ mean: 0, stddev: 0.02 })' });
  // D has no init statement: PyTorch's default.
  assert.equal(spec.discriminator.layers[1].tfjs[0].config.kernelInitializer, { code: 'tf.initializers.randomUniform({ minval: -1 / Math.sqrt(784), maxval: 1 / Math.sqrt(784) })' });
});

test('the mistakes: unknown framework or scheme, a missing network, a second init, a scheme that is not one', () => {
  assert.equal(codes(`framework tensorflow\n${base}`), ['GAN0207 1:11']);
  assert.equal(codes(`${base}init G dcgn\n`), ['GAN0207 20:8']);
  assert.equal(codes(`${base}init Q dcgan\n`), ['GAN0205 20:6']);
  assert.equal(codes(`${base}init G dcgan\ninit G keras\n`), ['GAN0203 21:6']);
  assert.equal(codes(base.replace('  dense(1)\n', '  dense(1, init = 3)\n')), ['GAN0302 13:19']);
  assert.equal(codes(`${base}init G normal(mean = 0)\n`), ['GAN0306 20:8']);
});

test.run();
