import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseSpec } from '../../grammar/index.js';

const specsFolder = path.join(__dirname, '..', '..', 'specs');
const specFiles = readdirSync(specsFolder).filter((name) => name.endsWith('.gan'));

test('the specs folder holds example specs', () => {
  assert.ok(specFiles.length >= 2, `found ${specFiles.length} specs in ${specsFolder}`);
});

for (const name of specFiles) {
  test(`specs/${name} parses with no diagnostics`, () => {
    const file = path.join(specsFolder, name);
    const { spec, diagnostics } = parseSpec(readFileSync(file, 'utf8'), file);
    const shown = diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`);
    assert.equal(shown, []);
    assert.ok(spec.statements.length > 0);
    assert.ok(spec.statements.some((s) => s.kind === 'network' && s.role === 'generator'));
    assert.ok(spec.statements.some((s) => s.kind === 'network' && s.role === 'discriminator'));
  });
}

test.run();
