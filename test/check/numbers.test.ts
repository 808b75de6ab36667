import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';
import { emitTrainer } from '../../compiler/emit/index.js';

/** Every number passes the evaluator: one too large for a double is a located error, never Infinity in a shape or the emitter. */
const base = `data mnist(batch = 64)
latent normal(size = 100)
generator G {
  dense(784)
  tanh
  reshape(28, 28, 1)
}
discriminator D {
  conv2d(8, kernel = 4, stride = 2, padding = 1)
  leaky_relu(0.2)
  flatten
  dense(1)
  sigmoid
}
loss bce
optimizer G adam(lr = 2e-4)
optimizer D adam(lr = 2e-4)
train(epochs = 1, seed = 1)
`;

const huge = '1' + '0'.repeat(400);

function places(text: string): string[] {
  return checkSource(text, 'spec.gan').diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`);
}

test('the base spec checks clean and emits', () => {
  const result = checkSource(base, 'spec.gan');
  assert.equal(result.diagnostics, []);
  assert.ok(result.ir && emitTrainer(result.ir).length > 0);
});

test('a numeral beyond a double is an error at the numeral, in every kind of option', () => {
  const placements: [string, string, string][] = [
    ['lr = 2e-4)\noptimizer D', 'lr = 1e309)\noptimizer D', 'GAN0216 16:23'],
    ['batch = 64', `batch = ${huge}`, 'GAN0216 1:20'],
    ['epochs = 1', `epochs = ${huge}`, 'GAN0216 18:16'],
    ['seed = 1', `seed = ${huge}`, 'GAN0216 18:26'],
    ['dense(784)', `dense(${huge})`, 'GAN0216 4:9'],
    ['stride = 2', `stride = ${huge}`, 'GAN0216 9:34'],
    ['padding = 1', `padding = -${huge}`, 'GAN0216 9:48'],
    ['leaky_relu(0.2)', `leaky_relu(${huge}.5)`, 'GAN0216 10:14'],
    ['size = 100', 'size = 1e400', 'GAN0216 2:22'],
  ];
  for (const [from, to, expected] of placements) {
    const text = base.replace(from, to);
    const result = checkSource(text, 'spec.gan');
    assert.equal(result.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`), [expected], to.slice(0, 40));
    assert.is(result.ir, undefined);
    assert.not.match(JSON.stringify(result.summaries), /Infinity|null/);
  }
});

test('arithmetic that overflows is an error at the expression, once; a constant that overflows is reported where it is defined', () => {
  assert.equal(places(base.replace('lr = 2e-4)\noptimizer D', 'lr = 1e200 * 1e200)\noptimizer D')), ['GAN0216 16:23']);
  assert.equal(places(base.replace('lr = 2e-4)\noptimizer D', 'lr = 1e308 + 1e308 - 1e308)\noptimizer D')), ['GAN0216 16:23']);
  assert.equal(places(base.replace('lr = 2e-4)\noptimizer D', 'lr = 1 / 1e-320)\noptimizer D')), ['GAN0216 16:23']);
  assert.equal(places(`const big = 1e300 * 1e300\n${base.replace('dense(784)', 'dense(big)')}`), ['GAN0216 1:13']);
});

test('an integer past 2^53 - 1 is out of range; the bound is not part of ordinary range messages', () => {
  const [tooBig] = checkSource(base.replace('batch = 64', 'batch = 1e300'), 'spec.gan').diagnostics;
  assert.is(`${tooBig.code} ${tooBig.span.start.line}:${tooBig.span.start.column}`, 'GAN0304 1:20');
  assert.match(tooBig.message, 'must be at most 2^53 - 1');
  assert.equal(places(base.replace('batch = 64', 'batch = 9007199254740991')), []);
  const [zero] = checkSource(base.replace('batch = 64', 'batch = 0'), 'spec.gan').diagnostics;
  assert.match(zero.message, /must be >= 1, found 0$/);
});

test('a layer whose size is past 2^53, computed from valid options, is an error at the layer; the layers after it go unchecked', () => {
  assert.equal(places(base.replace('  conv2d(8,', '  upsample(1e150)\n  conv2d(8,')), ['GAN0304 9:12']);
  // 28 * 2^22 = 117,440,512 per side: 1.4e16 values per sample.
  const upsampled = checkSource(base.replace('  conv2d(8,', '  upsample(4194304)\n  upsample(4194304)\n  conv2d(8,'), 'spec.gan');
  assert.equal(upsampled.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`), ['GAN0405 9:3']);
  assert.match(upsampled.diagnostics[0].message, "this layer's output size is 13792273858822144, past 2^53");
  const wide = checkSource(base.replace('dense(784)\n', 'dense(9007199254740991)\n  dense(784)\n'), 'spec.gan');
  assert.equal(wide.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`), ['GAN0405 4:3']);
  assert.match(wide.diagnostics[0].message, "this layer's parameter count is");
  assert.not.match(JSON.stringify([upsampled.summaries, wide.summaries]), /Infinity|null/);
});

test('a long flat sum and a long run of minus signs evaluate, without recursion per term', () => {
  const terms = Array.from({ length: 3400 }, () => '1').join(' + ');
  const sum = checkSource(`const n = ${terms}\n${base.replace('dense(784)', 'dense(n - 3400 + 784)')}`, 'spec.gan');
  assert.equal(sum.diagnostics, []);
  assert.equal(sum.ir?.generator.layers[0].options, { units: 784, bias: true });
  const products = Array.from({ length: 3400 }, () => '1 * 1').join(' + ');
  assert.equal(places(`const m = ${products} - 3400 + 784\n${base.replace('dense(784)', 'dense(m)')}`), []);
  const signs = checkSource(base.replace('dense(784)', `dense(${'-'.repeat(5000)}784)`), 'spec.gan');
  assert.equal(signs.diagnostics, []);
  assert.equal(signs.ir?.generator.layers[0].options, { units: 784, bias: true });
});

test('5,000 constants each using the next one down, written last-first, and a 5,000-constant cycle: no recursion per constant', () => {
  const n = 5000;
  const chain = Array.from({ length: n }, (_, i) => `const c${n - i} = ${n - i === 1 ? '1' : `c${n - i - 1} + 1`}`).join('\n');
  const chained = checkSource(`${chain}\n${base.replace('dense(784)', `dense(c${n} - ${n} + 784)`)}`, 'spec.gan');
  assert.equal(chained.diagnostics, []);
  assert.equal(chained.ir?.generator.layers[0].options, { units: 784, bias: true });
  const cycle = Array.from({ length: n }, (_, i) => `const k${i + 1} = k${((i + 1) % n) + 1} * 2`).join('\n');
  assert.equal(places(`${cycle}\n${base.replace('dense(784)', 'dense(k1)')}`), ['GAN0210 1:7']);
});

test.run();
