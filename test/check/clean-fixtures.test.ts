import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';

/**
 * Specs in test/fixtures/clean must check without a diagnostic and lower to IR, written as they
 * are, with CRLF line endings, and after a UTF-8 byte order mark: all three are text.
 */
const dir = join(__dirname, '../fixtures/clean');
const files = readdirSync(dir).filter((f) => f.endsWith('.gan')).sort();

test('there are clean fixtures', () => {
  assert.ok(files.length > 0);
});

for (const file of files) {
  const text = readFileSync(join(dir, file), 'utf8');
  const variants: [string, string][] = [
    ['as written', text],
    ['with CRLF', text.replace(/\n/g, '\r\n')],
    ['after a BOM', `\ufeff${text}`],
  ];
  for (const [how, variant] of variants) {
    test(`fixture ${file} checks clean ${how}`, () => {
      const result = checkSource(variant, file);
      assert.equal(result.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`), []);
      assert.ok(result.ir !== undefined);
    });
  }
}

test('CRLF keeps lines and columns where an editor shows them', () => {
  const text = readFileSync(join(dir, files[0]), 'utf8').replace(/\n/g, '\r\n').replace('dense(1)', 'dense(1, units = 2)');
  const [d] = checkSource(text, 'crlf.gan').diagnostics;
  const lines = text.split('\r\n');
  assert.is(lines[d.span.start.line - 1].slice(d.span.start.column - 1, d.span.end.column - 1), 'units');
  assert.is(text.slice(d.span.start.offset, d.span.end.offset), 'units');
});

test.run();
