import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';

/**
 * Each broken spec in test/fixtures/check ends with the diagnostics the checker must report,
 * exactly, one per line:  # expect <severity> <code> <line>:<col> <part of the message> [| help: <part of the help>]
 */
const dir = join(__dirname, '../fixtures/check');
const expectLine = /^# expect (error|warning) (GAN\d{4}) (\d+):(\d+) (.+?)(?: \| help: (.+))?$/;

interface Expected {
  severity: string;
  code: string;
  line: number;
  column: number;
  message: string;
  help?: string;
}

function expectations(text: string): Expected[] {
  return text
    .split('\n')
    .map((line) => expectLine.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, severity, code, line, column, message, help]) => ({ severity, code, line: Number(line), column: Number(column), message, help }));
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.gan')).sort()) {
  test(`fixture ${file}`, () => {
    const text = readFileSync(join(dir, file), 'utf8');
    const expected = expectations(text);
    assert.ok(expected.length > 0, `${file} lists no expected diagnostics`);
    const result = checkSource(text, file);
    const actual = result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.span.start.line}:${d.span.start.column}`);
    assert.equal(actual, expected.map((e) => `${e.severity} ${e.code} ${e.line}:${e.column}`), `${file}: diagnostics`);
    expected.forEach((e, i) => {
      const d = result.diagnostics[i];
      assert.ok(d.message.includes(e.message), `${file}: "${d.message}" should mention ${e.message}`);
      if (e.help !== undefined) assert.ok(d.help?.includes(e.help), `${file}: help "${d.help}" should include ${e.help}`);
    });
    if (expected.some((e) => e.severity === 'error')) assert.is(result.ir, undefined, 'no IR for a spec with errors');
  });
}

test.run();
