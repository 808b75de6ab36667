import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';
import { closest } from '../../compiler/suggest.js';

/** Names that are also Object.prototype members, and names far too long to be typos. */
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
optimizer D adam(lr = 2e-4, schedule = step(every = 10))
train(epochs = 1)
`;

const prototypeNames = ['constructor', 'toString', '__proto__', 'prototype', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** `code line:col` of every diagnostic. */
function places(text: string): string[] {
  return checkSource(text, 'spec.gan').diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`);
}

for (const name of prototypeNames) {
  test(`\`${name}\` as an option name is an unknown option, in a layer, a setting and a schedule`, () => {
    assert.equal(places(base.replace('dense(784)', `dense(784, ${name} = 1)`)), ['GAN0301 4:14']);
    assert.equal(places(base.replace('adam(lr = 2e-4)', `adam(lr = 2e-4, ${name} = 1)`)), ['GAN0301 14:29']);
    assert.equal(places(base.replace('step(every = 10)', `step(every = 10, ${name} = 1)`)), ['GAN0301 15:57']);
    assert.equal(places(base.replace('train(epochs = 1)', `train(${name} = 1)`)), ['GAN0301 16:7']);
  });

  test(`\`${name}\` as a constant, a layer kind and a network name`, () => {
    const constant = checkSource(`const ${name} = 3\n${base.replace('dense(784)', `dense(${name} * 0 + 784)`)}`, 'spec.gan');
    assert.equal(constant.diagnostics, []);
    assert.equal(constant.ir?.generator.layers[0].options, { units: 784, bias: true });
    assert.equal(places(base.replace('  tanh\n', `  ${name}\n`)), ['GAN0208 5:3']);
    const network = checkSource(base.replace('generator G', `generator ${name}`).replace('optimizer G', `optimizer ${name}`), 'spec.gan');
    assert.equal(network.diagnostics, []);
    assert.is(network.ir?.generator.name, name);
    assert.equal(places(base.replace('optimizer G', `optimizer ${name}`)), ['GAN0205 14:11', 'GAN0206 3:11']);
  });
}

test('a name too long to be a typo gets no suggestion, and costs no more than a short one', () => {
  const long = 'x'.repeat(200_000);
  const text = base.replace('dense(784)', `dense(784, ${long} = 1)`).replace('tanh', long).replace('data mnist', `data ${long}`).replace('optimizer D', `optimizer ${long}`);
  const started = process.hrtime.bigint();
  const result = checkSource(text, 'spec.gan');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  assert.equal(result.diagnostics.map((d) => d.code), ['GAN0207', 'GAN0301', 'GAN0208', 'GAN0205', 'GAN0206']);
  assert.ok(seconds < 0.5, `four 200,000-character names took ${seconds.toFixed(2)} s`);
  assert.is(closest('x'.repeat(65), ['x'.repeat(65)]), undefined);
  assert.is(closest('x'.repeat(64), ['x'.repeat(63)]), 'x'.repeat(63));
});

test('candidates whose length differs by more than the allowed edits are not suggested', () => {
  assert.is(closest('lrr', ['lr', 'learning']), 'lr');
  assert.is(closest('abcdefghi', ['abcdef', 'abcdefghij']), 'abcdefghij');
  assert.is(closest('abcdefghi', ['abcde']), undefined);
});

test('names from other libraries: `learning_rate` is `lr`, `beta1` is `betas`, `True` is `true`', () => {
  const help = (text: string) => checkSource(text, 'spec.gan').diagnostics.map((d) => `${d.code} ${d.help ?? ''}`);
  assert.equal(help(base.replace('adam(lr = 2e-4)', 'adam(learning_rate = 2e-4)')), [
    'GAN0306 add `lr = ...` to the arguments',
    'GAN0301 did you mean `lr`?',
  ]);
  assert.equal(help(base.replace('adam(lr = 2e-4)', 'adam(lr = 2e-4, beta1 = 0.5)')), ['GAN0301 did you mean `betas`?']);
  assert.equal(help(base.replace('adam(lr = 2e-4)', 'adam(lr = 2e-4, momentum = 0.5)')), ['GAN0301 did you mean `betas`?']);
  assert.equal(help(base.replace('adam(lr = 2e-4)', 'sgd(lr = 2e-4, momentum = 0.5)')), []);
  assert.equal(help(base.replace('adam(lr = 2e-4)', 'rmsprop(lr = 2e-4, epsilon = 1e-7)')), ['GAN0301 did you mean `eps`?']);
  assert.equal(help(base.replace('loss bce', 'loss bce(from_logits = True)').replace('  sigmoid\n', '')), ['GAN0302 write `true`']);
  assert.equal(help(base.replace('batch = 64', 'batch = 64, shuffle = FALSE')), ['GAN0302 write `false`']);
  assert.equal(help(base.replace('dense(784)', 'dense(784, bias = None)')), ['GAN0302 there is no `None`: leave the option out to use its default']);
  assert.equal(help(base.replace('dense(784)', 'dense(None)')), ['GAN0201 there is no `None`: leave the option out to use its default']);
});

test.run();
