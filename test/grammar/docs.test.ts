import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseSpec } from '../../grammar/index.js';

/** Every `gan` example in the language reference is valid syntax (a list of layers, inside a block). */
const reference = readFileSync(path.join(__dirname, '..', '..', 'docs', 'language.md'), 'utf8');
const examples = [...reference.matchAll(/```gan\n([\s\S]*?)```/g)].map((match) => match[1]);

test('the language reference has examples', () => {
  assert.ok(examples.length >= 20, `found ${examples.length}`);
});

const statementStart = /^(?:title|const|framework|data|latent|generator|discriminator|loss|optimizer|init|train|samples|checkpoint|sweep)\b/m;

examples.forEach((example, i) => {
  test(`docs/language.md example ${i + 1} parses: ${example.split('\n')[0]}`, () => {
    const layersOnly = !statementStart.test(example);
    const source = layersOnly ? `generator {\n${example}}\n` : example;
    const { spec, diagnostics } = parseSpec(source, `docs/language.md#${i + 1}`);
    assert.equal(diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.message}`), []);
    assert.ok(spec.statements.length > 0);
    if (layersOnly) assert.ok(spec.statements[0].kind === 'network' && spec.statements[0].layers.length > 0);
  });
});

test.run();
