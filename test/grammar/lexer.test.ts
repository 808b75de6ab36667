import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSpec } from '../../grammar/index.js';
import type { StringLiteral, TitleStatement } from '../../grammar/ast.js';

function titleValue(source: string): StringLiteral | undefined {
  const { spec, diagnostics } = parseSpec(`title ${source}\n`, 'x.gan');
  assert.equal(diagnostics, []);
  return (spec.statements[0] as TitleStatement).value;
}

const hostile = [
  'he said "hi" and left',
  'back`tick` and ${injection} and `${x}`',
  'line one\nline two\ttabbed\r\n',
  'ends a comment */ and /* opens one',
  'Ωmega é 中',
  'a backslash \\ and a slash /',
  'emoji 😀 and \u0001 control',
  "single 'quotes'",
];

for (const value of hostile) {
  test(`string ${JSON.stringify(value)} round-trips through JSON escapes`, () => {
    const literal = titleValue(JSON.stringify(value));
    assert.is(literal?.value, value);
  });
}

test('non-ASCII written as is and as \\u escapes give the same value', () => {
  assert.is(titleValue('"Ωmega é 中"')?.value, 'Ωmega é 中');
  assert.is(titleValue('"\\u03a9mega \\u00e9 \\u4e2d"')?.value, 'Ωmega é 中');
  assert.is(titleValue('"\\/\\b\\f"')?.value, '/\b\f');
});

test('spans count UTF-16 code units', () => {
  const text = 'title "中😀"\nconst x = 1';
  const { spec } = parseSpec(text, 'x.gan');
  const literal = (spec.statements[0] as TitleStatement).value as StringLiteral;
  assert.equal([literal.span.start.offset, literal.span.end.offset, literal.span.end.column], [6, 11, 12]);
  assert.is(spec.statements[1].span.start.offset, text.indexOf('const'));
});

test('numbers: integers, decimals and exponents', () => {
  const { spec, diagnostics } = parseSpec('const a = [128, 0.5, 2e-4, 1e-3, 1E+2]', 'x.gan');
  assert.equal(diagnostics, []);
  const list = spec.statements[0].kind === 'const' ? spec.statements[0].value : undefined;
  assert.ok(list?.kind === 'list');
  assert.equal(list.items.map((item) => item.kind === 'number' && [item.value, item.raw]), [
    [128, '128'], [0.5, '0.5'], [0.0002, '2e-4'], [0.001, '1e-3'], [100, '1E+2'],
  ]);
});

test('keywords inside longer names are names', () => {
  const { spec, diagnostics } = parseSpec('const data_size = 1\nconst trainer = data_size', 'x.gan');
  assert.equal(diagnostics, []);
  assert.equal(spec.statements.map((s) => s.kind === 'const' && s.name?.name), ['data_size', 'trainer']);
});

test('a bad character is GAN0101 with its offset, line, column and length', () => {
  const text = 'const a = 1\nconst b = 2 $$ \n';
  const [d] = parseSpec(text, 'x.gan').diagnostics;
  assert.is(d.code, 'GAN0101');
  assert.equal(d.span.start, { offset: text.indexOf('$'), line: 2, column: 13 });
  assert.equal(d.span.end, { offset: text.indexOf('$') + 2, line: 2, column: 15 });
});

test('an unterminated string is GAN0103 on its own, and parsing goes on', () => {
  const { spec, diagnostics } = parseSpec('title "abc\nconst x = 1 +\n', 'x.gan');
  assert.equal(diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`), ['GAN0103 1:7', 'GAN0102 3:1']);
  assert.is((spec.statements[0] as TitleStatement).value?.value, 'abc');
  assert.is(spec.statements[1].kind, 'const');
});

test('an invalid escape is GAN0104 on the escape itself', () => {
  const text = 'title "C:\\data"';
  const [d] = parseSpec(text, 'x.gan').diagnostics;
  assert.is(d.code, 'GAN0104');
  assert.is(text.slice(d.span.start.offset, d.span.end.offset), '\\d');
});

test('an empty file parses to no statements and no diagnostics', () => {
  const { spec, diagnostics } = parseSpec('', 'empty.gan');
  assert.equal(diagnostics, []);
  assert.equal(spec.statements, []);
  assert.equal(spec.span.end, { offset: 0, line: 1, column: 1 });
});

test('a file of only comments and blank lines parses to nothing', () => {
  const text = '# a comment\n// another\n\n   # indented\n';
  const { spec, diagnostics } = parseSpec(text, 'comments.gan');
  assert.equal(diagnostics, []);
  assert.equal(spec.statements, []);
  assert.equal(spec.span.end, { offset: text.length, line: 5, column: 1 });
});

test.run();
