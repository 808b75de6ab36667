import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';

/** GAN0403 points at the layer that made D's shape and says what to change there, before the activations after it. */
const base = `data mnist(batch = 64)
latent normal(size = 100)
generator G {
  dense(784)
  tanh
  reshape(28, 28, 1)
}
discriminator D {
  flatten
  dense(1)
  sigmoid
}
loss bce
optimizer G adam(lr = 2e-4)
optimizer D adam(lr = 2e-4)
train(epochs = 1)
`;

function gan0403(discriminator: string): string {
  const text = base.replace('  flatten\n  dense(1)\n  sigmoid\n', discriminator);
  const found = checkSource(text, 'd.gan').diagnostics.filter((d) => d.code === 'GAN0403');
  assert.is(found.length, 1, discriminator);
  const [d] = found;
  return `${d.span.start.line}:${d.span.start.column} ${d.label} | ${d.help}`;
}

test('a dense layer with more than one unit, plain or wrapped: give it one unit, at that layer', () => {
  assert.is(gan0403('  flatten\n  dense(2, bias = false)\n  leaky_relu(0.2)\n  sigmoid\n'), '10:3 makes [batch, 2] | give it one unit: `dense(1)`');
  assert.is(gan0403('  flatten\n  spectral_norm(dense(3))\n  sigmoid\n'), '10:3 makes [batch, 3] | give it one unit: `spectral_norm(dense(1))`');
});

test('another layer made the shape: add what is missing after it, before the activation', () => {
  assert.is(gan0403('  conv2d(1, kernel = 4)\n  sigmoid\n'), '9:3 makes [batch, 25, 25, 1] | add `flatten` then `dense(1)` after it, before `sigmoid`');
  assert.is(gan0403('  flatten\n  sigmoid\n'), '9:3 makes [batch, 784] | add `dense(1)` after it, before `sigmoid`');
  assert.is(gan0403('  flatten\n'), '9:3 makes [batch, 784] | add `dense(1)` after it');
});

test('no layer changed the shape: the whole network is the problem', () => {
  assert.is(gan0403('  sigmoid\n'), '9:3 output [batch, 28, 28, 1] | add `flatten` then `dense(1)` before `sigmoid`');
  assert.is(gan0403(''), '8:15 output [batch, 28, 28, 1] | add `flatten` then `dense(1)`');
});

test.run();
