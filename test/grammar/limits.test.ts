import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';
import { parseSpec } from '../../grammar/index.js';
import { MAX_NESTING } from '../../grammar/nesting.js';
import { decodeSpec } from '../../grammar/text.js';

/** Inputs that used to exhaust the stack or bury the one real problem under hundreds of errors. */

const places = (text: string) => checkSource(text, 'x.gan').diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`);

const nestings: [string, (depth: number) => string][] = [
  ['parentheses', (depth) => `const a = ${'('.repeat(depth)}1${')'.repeat(depth)}`],
  ['lists', (depth) => `const a = ${'['.repeat(depth)}1${']'.repeat(depth)}`],
  ['calls', (depth) => `const a = ${'f('.repeat(depth)}1${')'.repeat(depth)}`],
  ['wrapped layers', (depth) => `generator G {\n${'spectral_norm('.repeat(depth)}dense(1${')'.repeat(depth + 1)}\n}`],
];

/** Offset of the `n`th `(` or `[` (1-based). */
function nthOpener(text: string, n: number): number {
  const openers = [...text.matchAll(/[([]/g)];
  return openers[n - 1].index;
}

for (const [what, nest] of nestings) {
  test(`${what} nested ${MAX_NESTING} deep parse; one more is one GAN0105 at the opener past the limit`, () => {
    assert.ok(parseSpec(nest(MAX_NESTING - (what === 'wrapped layers' ? 1 : 0)), 'x.gan').parsed);
    const deeper = parseSpec(nest(MAX_NESTING + 1), 'x.gan');
    assert.is(deeper.parsed, false);
    assert.equal(deeper.diagnostics.map((d) => d.code), ['GAN0105']);
    for (const depth of [600, 100_000]) {
      const result = checkSource(nest(depth), 'x.gan');
      assert.equal(result.diagnostics.map((d) => d.code), ['GAN0105'], `${depth} deep`);
      assert.is(result.diagnostics[0].span.start.offset, nthOpener(nest(depth), MAX_NESTING + 1));
    }
  });
}

test('brackets left open in separate statements do not add up to the limit', () => {
  const text = Array.from({ length: 3 * MAX_NESTING }, (_, i) => `const c${i} = (1`).join('\n');
  const result = parseSpec(text, 'x.gan');
  assert.ok(result.parsed);
  assert.ok(result.diagnostics.length > 0 && result.diagnostics.every((d) => d.code === 'GAN0102'));
});

test('brackets left open within one block count towards the limit; the outermost one still open is labelled', () => {
  const text = `generator G {\n${'  dense(1\n'.repeat(MAX_NESTING + 8)}}\n`;
  const [d] = parseSpec(text, 'x.gan').diagnostics;
  assert.is(`${d.code} ${d.span.start.line}:${d.span.start.column}`, `GAN0105 ${MAX_NESTING + 2}:8`);
  assert.equal(d.labels.map((l) => `${l.span.start.line}:${l.span.start.column} ${l.message}`), ['2:8 the outermost, still open']);
});

test('a flat chain of 3,400 terms and 100,000 minus signs parse and check', () => {
  assert.equal(places(`const a = ${Array.from({ length: 3400 }, () => '1').join('+')}`), ['GAN0206 1:1', 'GAN0206 1:1', 'GAN0206 1:1', 'GAN0206 1:1', 'GAN0206 1:1', 'GAN0206 1:1', 'GAN0204 1:7']);
  assert.equal(parseSpec(`const a = ${'-'.repeat(100_000)}1`, 'x.gan').diagnostics, []);
});

test('a NUL anywhere, or mostly control characters, is one GAN0106 at the first of them', () => {
  assert.equal(places('data mnist(batch = 64)\n  latent\u0000 normal'), ['GAN0106 2:9']);
  const controls = `data ${'\u0001\u0002\u0003'.repeat(20)}\n`;
  assert.equal(places(controls), ['GAN0106 1:6']);
  assert.equal(places(`\u007f${'x'.repeat(200)}`).filter((p) => p.startsWith('GAN0106')), []);
});

test('a few control characters are unexpected characters, shown escaped in the message', () => {
  const result = checkSource('data mnist(batch = 64\u001b[31m)', 'x.gan');
  const [d] = result.diagnostics;
  assert.is(`${d.code} ${d.span.start.line}:${d.span.start.column}`, 'GAN0101 1:22');
  assert.is(d.message, 'unexpected character `\\u001b`');
});

test('decodeSpec: a BOM is dropped, the first byte that is not UTF-8 is located', () => {
  assert.equal(decodeSpec(Buffer.from('\ufeffdata mnist', 'utf8'), 'x.gan'), { text: 'data mnist' });
  const latin1 = Buffer.concat([Buffer.from('\ufeff# ok\r\ntitle "caf', 'utf8'), Buffer.from([0xe9]), Buffer.from('"\n', 'utf8')]);
  const { text, notText } = decodeSpec(latin1, 'x.gan');
  assert.is(text, '# ok\r\ntitle "caf\ufffd"\n');
  assert.equal(notText?.span.start, { offset: 16, line: 2, column: 11 });
  assert.match(notText?.reason ?? '', 'byte 19 (0xe9) is not UTF-8');
  assert.is(decodeSpec(Buffer.from('title "é 中 \ud83d\ude00"', 'utf8'), 'x.gan').notText, undefined);
});

test.run();
