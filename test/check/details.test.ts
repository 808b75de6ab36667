import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';
import { closest, editDistance } from '../../compiler/suggest.js';

/** Spans, labels, notes and IR details the fixture files do not pin down, on small real specs. */
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

function check(text: string, path = 'spec.gan') {
  return checkSource(text, path);
}

function only(text: string, code: string) {
  const found = check(text).diagnostics.filter((d) => d.code === code);
  assert.is(found.length, 1, `one ${code} in ${JSON.stringify(check(text).diagnostics.map((d) => d.code))}`);
  return found[0];
}

test('the base spec is clean, its name is the file name without .gan, defaults fill samples and checkpoint', () => {
  const result = check(base, 'some/dir/my_gan.gan');
  assert.equal(result.diagnostics, []);
  assert.is(result.ir?.name, 'my_gan');
  assert.is(result.ir?.title, 'my_gan');
  assert.equal(result.ir?.samples, { count: 16, rows: 4, cols: 4, everyEpochs: 1, origin: { line: 0, text: '' } });
  assert.is(result.ir?.checkpoint.everyEpochs, 1);
});

test('positional arguments: `...shape` takes the rest as a list; a named option after them', () => {
  const ir = check(base.replace('reshape(28, 28, 1)', 'reshape(28, 28, 1)').replace('dense(784)', 'dense(784, bias = false)')).ir;
  assert.equal(ir?.generator.layers[0].options, { units: 784, bias: false });
  assert.equal(ir?.generator.layers[2].options, { shape: [28, 28, 1] });
});

test('too many positional arguments: error at the extra one', () => {
  const d = only(base.replace('dense(784)', 'dense(784, 10)'), 'GAN0307');
  assert.is(d.span.start.line, 4);
  assert.is(d.span.start.column, 14);
  assert.is(d.span.end.column, 16);
});

test('unknown option: did you mean, and the known options in a note', () => {
  const d = only(base.replace('dense(784)', 'dense(784, biass = false)'), 'GAN0301');
  assert.is(d.span.start.column, 14);
  assert.is(d.help, 'did you mean `bias`?');
  assert.equal(d.notes, ['`dense` options: units, bias, init']);
});

test('wrong type: "expected ..., found the string ..." at the value', () => {
  const d = only(base.replace('batch = 64', 'batch = "big"'), 'GAN0302');
  assert.is(d.message, '`batch` of `data mnist` expects an integer >= 1, found the string "big"');
  assert.is(d.span.start.column, 20);
});

test('ranges in messages: lr must be > 0, dropout rate in [0, 1)', () => {
  assert.match(only(base.replace('optimizer G adam(lr = 2e-4)', 'optimizer G adam(lr = 0)'), 'GAN0304').message, 'must be > 0, found 0');
  assert.match(only(base.replace('  flatten\n', '  flatten\n  dropout(-0.1)\n'), 'GAN0304').message, 'must be in [0, 1), found -0.1');
});

test('duplicates are labelled at the first occurrence', () => {
  const d = only(`const a = 1\nconst a = 2\n${base.replace('dense(784)', 'dense(784 * a)')}`, 'GAN0202');
  assert.is(d.span.start.line, 2);
  assert.is(d.labels[0].span.start.line, 1);
  assert.is(d.labels[0].message, 'first defined here');
});

test('generator output mismatch: at G\'s last layer, labelled at the data statement, both shapes', () => {
  const d = only(base.replace('reshape(28, 28, 1)', 'reshape(28, 14, 2)'), 'GAN0402');
  assert.is(d.span.start.line, 6);
  assert.match(d.message, '[batch, 28, 14, 2]');
  assert.match(d.message, '[batch, 28, 28, 1]');
  assert.is(d.labels[0].span.start.line, 1);
  assert.is(d.help, 'end with `reshape(28, 28, 1)`');
});

test('a shape problem names the input shape and points at the option it is about', () => {
  const d = only(base.replace('  flatten\n', '  conv2d(8, kernel = 30)\n  flatten\n'), 'GAN0401');
  assert.is(d.span.start.line, 9);
  assert.is(d.span.start.column, 22);
  assert.is(d.label, 'input is [batch, 28, 28, 1]');
});

test('summaries come even when other parts have errors; none for a network whose shapes fail', () => {
  const result = check(base.replace('loss bce', 'loss bce(from_logits = maybe)').replace('reshape(28, 28, 1)', 'reshape(28, 28, 2)'));
  assert.ok(result.diagnostics.some((d) => d.severity === 'error'));
  assert.is(result.ir, undefined);
  assert.equal(result.summaries.map((s) => s.name), ['D']);
});

test('diagnostics: syntax errors first, then the checker\'s sorted by position', () => {
  const text = `${base.replace('dense(1)', 'dense(1')}\nconst unused = 1\n`.replace('latent normal(size = 100)', 'latent normal(size = zz)');
  const result = check(text);
  const syntax = result.diagnostics.filter((d) => d.code.startsWith('GAN01'));
  const rest = result.diagnostics.filter((d) => !d.code.startsWith('GAN01'));
  assert.ok(syntax.length > 0);
  assert.equal(result.diagnostics.slice(0, syntax.length), syntax);
  const offsets = rest.map((d) => d.span.start.offset);
  assert.equal(offsets, [...offsets].sort((a, b) => a - b));
  assert.ok(rest.some((d) => d.code === 'GAN0201'));
  assert.ok(rest.some((d) => d.code === 'GAN0204'));
});

test('schedules lower to the IR; an unknown schedule suggests the closest', () => {
  const ir = check(base.replace('optimizer G adam(lr = 2e-4)', 'optimizer G adam(lr = 2e-4, schedule = step(every = 10, gamma = 0.5))')).ir;
  assert.equal(ir?.optimizers.generator.learningRate, { base: 2e-4, schedule: { kind: 'step', every: 10, gamma: 0.5 } });
  const linear = check(base.replace('optimizer D adam(lr = 2e-4)', 'optimizer D sgd(lr = 0.01, schedule = linear)')).ir;
  assert.equal(linear?.optimizers.discriminator.learningRate, { base: 0.01, schedule: { kind: 'linear', endFactor: 0 } });
  assert.is(linear?.optimizers.discriminator.tfjs, 'tf.train.sgd(0.01)');
  assert.equal(linear?.optimizers.discriminator.origin, { line: 15, text: 'optimizer D sgd(lr = 0.01, schedule = linear)' });
  assert.is(only(base.replace('adam(lr = 2e-4)', 'adam(lr = 2e-4, schedule = exponentail)'), 'GAN0207').help, 'did you mean `exponential`?');
});

test('spectral_norm checks its inner layer and counts the power-iteration vector as non-trainable', () => {
  const ir = check(base.replace('  dense(1)\n  sigmoid', '  spectral_norm(dense(1))\n  sigmoid')).ir;
  const layer = ir?.discriminator.layers[1];
  assert.equal(layer?.options, { layer: { kind: 'dense', options: { units: 1, bias: true } }, iterations: 1 });
  assert.equal(layer?.parameters, { trainable: 785, nonTrainable: 1 });
  const d = only(base.replace('  dense(1)\n  sigmoid', '  spectral_norm(dense(1, bias = 3))\n  sigmoid'), 'GAN0302');
  assert.is(d.span.start.column, 33);
});

test('conditional specs: labels reach label_embed; the IR marks the networks conditional', () => {
  const path = join(__dirname, '../../specs/cgan_mnist.gan');
  const ir = checkSource(readFileSync(path, 'utf8'), path).ir;
  assert.is(ir?.data.labels, true);
  assert.is(ir?.data.classes, 10);
  assert.is(ir?.generator.conditional, true);
});

test('image folders: the networks see [crop, crop, channels]', () => {
  const path = join(__dirname, '../../specs/seed_bonus_art128.gan');
  const ir = checkSource(readFileSync(path, 'utf8'), path).ir;
  assert.equal(ir?.data.shape, [128, 128, 3]);
  assert.equal(ir?.data.flips, ['horizontal', 'vertical']);
  assert.is(ir?.data.resize, 128);
  assert.equal(ir?.discriminator.inputShape, [128, 128, 3]);
});

test('free-text options take quoted strings only', () => {
  const d = only(base.replace('data mnist(batch = 64)', 'data mnist(batch = 64, path = mnist_dir)'), 'GAN0302');
  assert.is(d.help, 'write `path = "mnist_dir"`');
  assert.is(check(base.replace('data mnist(batch = 64)', 'data mnist(batch = 64, path = "mnist_dir")')).ir?.data.path, 'mnist_dir');
});

test('edit distance counts a swap of adjacent letters as one edit', () => {
  assert.is(editDistance('mnsit', 'mnist'), 1);
  assert.is(editDistance('kernel', 'kernel'), 0);
  assert.is(closest('strid', ['filters', 'kernel', 'stride', 'padding']), 'stride');
  assert.is(closest('xyz', ['filters', 'kernel']), undefined);
});

test.run();
