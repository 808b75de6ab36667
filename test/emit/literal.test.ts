import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ts } from 'ts-morph';
import { citation, commentText, specFileName, withoutSpecComment } from '../../compiler/emit/comment.js';
import { groupDigits, numberLiteral, propertyKey, stringLiteral, valueLiteral } from '../../compiler/lowering/literal.js';

/** The value TypeScript reads from a string literal's source text. */
function parsedString(literal: string): string {
  const file = ts.createSourceFile('x.ts', `const s = ${literal};`, ts.ScriptTarget.ES2022);
  const declaration = (file.statements[0] as ts.VariableStatement).declarationList.declarations[0];
  if (!declaration.initializer || !ts.isStringLiteral(declaration.initializer)) throw new Error(`not a string literal: ${literal}`);
  return declaration.initializer.text;
}

test('stringLiteral round-trips quotes, backslashes, line breaks, controls and surrogates', () => {
  for (const text of ["it's", '"', '\\', 'a\nb\r\nc', '\u2028\u2029', '\u0000\u001f\u007f', 'é中😀', '\ud800', 'x\udc00y', '${a}`']) {
    assert.is(parsedString(stringLiteral(text)), text, JSON.stringify(text));
  }
});

test('stringLiteral keeps readable characters readable', () => {
  assert.is(stringLiteral('Seed A: café 中'), "'Seed A: café 中'");
  assert.is(stringLiteral("it's"), "'it\\'s'");
});

test('commentText cannot end a line or block comment', () => {
  assert.is(commentText('a */ b\nc\r\u2028d'), 'a *\\/ b\\nc\\r\\u2028d');
  assert.is(commentText('plain (text) -> [batch, 7]'), 'plain (text) -> [batch, 7]');
});

test('spec comments are dropped from citations, but not a # inside a string', () => {
  assert.is(withoutSpecComment('conv2d(1, kernel = 3)   # 3 -> 1'), 'conv2d(1, kernel = 3)');
  assert.is(withoutSpecComment('dense(1) // out'), 'dense(1)');
  assert.is(withoutSpecComment('title "a # b \\" // c" # note'), 'title "a # b \\" // c"');
  assert.is(citation('b5.gan', { line: 14, text: 'relu  # x */ y' }), 'b5.gan:14 relu');
  assert.is(citation('b5.gan', { line: 0, text: '' }), 'defaults, not written in b5.gan');
});

test('specFileName drops folders of either separator', () => {
  assert.is(specFileName('specs/seed_a_mlp.gan'), 'seed_a_mlp.gan');
  assert.is(specFileName('C:\\specs\\b5.gan'), 'b5.gan');
});

test('values become one-line literals; odd keys are quoted; numbers must be finite', () => {
  assert.is(valueLiteral({ units: 128, useBias: true, padding: [[1, 1], [0, 0]], name: null }), '{ units: 128, useBias: true, padding: [[1, 1], [0, 0]], name: null }');
  assert.is(propertyKey('odd-key'), "'odd-key'");
  assert.is(numberLiteral(2e-4), '0.0002');
  assert.throws(() => numberLiteral(Number.NaN), /cannot write the number NaN/);
  assert.is(groupDigits(1493520), '1,493,520');
  assert.is(groupDigits(999), '999');
});

test.run();
