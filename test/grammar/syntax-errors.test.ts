import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseSpec } from '../../grammar/index.js';

/**
 * Each broken fixture lists what it must report in comments (comments do not change the
 * parse): `# expect GAN0102 10:25 help label`, where `help` and `label` require a help line
 * and a secondary label. The test compares code and line:col of every diagnostic.
 */
const fixturesFolder = path.join(__dirname, '..', 'fixtures', 'syntax');
const fixtures = readdirSync(fixturesFolder).filter((name) => name.endsWith('.gan'));

interface Expectation {
  at: string;
  help: boolean;
  label: boolean;
}

function expectationsOf(text: string): Expectation[] {
  return [...text.matchAll(/^# expect (GAN\d{4} \d+:\d+)((?: help| label)*)$/gm)].map((match) => ({
    at: match[1],
    help: match[2].includes('help'),
    label: match[2].includes('label'),
  }));
}

test('there are broken fixtures, one with three or more separate errors', () => {
  const counts = fixtures.map((name) => expectationsOf(readFileSync(path.join(fixturesFolder, name), 'utf8')).length);
  assert.ok(fixtures.length >= 5);
  assert.ok(counts.every((count) => count > 0), 'every fixture expects at least one diagnostic');
  assert.ok(counts.some((count) => count >= 3));
});

for (const name of fixtures) {
  test(`fixtures/syntax/${name} reports every error, each where it is`, () => {
    const file = path.join(fixturesFolder, name);
    const text = readFileSync(file, 'utf8');
    const expected = expectationsOf(text);
    const { diagnostics } = parseSpec(text, file);
    assert.equal(
      diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`),
      expected.map((e) => e.at),
    );
    diagnostics.forEach((d, i) => {
      assert.is(d.severity, 'error');
      assert.is(d.span.file, file);
      assert.ok(d.span.end.offset >= d.span.start.offset);
      assert.ok(d.message.length > 0 && d.message === d.message.trimEnd() && !d.message.endsWith('.'), d.message);
      if (expected[i].help) assert.ok(d.help, `${expected[i].at} needs a help line`);
      if (expected[i].label) assert.ok(d.labels.length > 0, `${expected[i].at} needs a label`);
    });
  });
}

test('the primary span covers the offending token', () => {
  const text = 'generator G {\n  conv2d(64, kernel = 4 stride = 2)\n}\n';
  const [d] = parseSpec(text, 'x.gan').diagnostics;
  assert.is(text.slice(d.span.start.offset, d.span.end.offset), 'stride');
  assert.equal([d.span.start.line, d.span.start.column, d.span.end.line, d.span.end.column], [2, 25, 2, 31]);
});

test('an error at the end of the file has a zero-width span at the very end', () => {
  const text = 'generator G {\n  dense(1)\n';
  const [d] = parseSpec(text, 'x.gan').diagnostics;
  assert.equal(d.span.start, { offset: text.length, line: 3, column: 1 });
  assert.equal(d.span.end, d.span.start);
  assert.is(d.labels[0].span.start.offset, text.indexOf('{'));
});

test('a missing `=` gets a help line naming the fix', () => {
  const [d] = parseSpec('generator { conv2d(64, stride 2) }', 'x.gan').diagnostics;
  assert.is(d.code, 'GAN0102');
  assert.match(d.help ?? '', 'stride = 2');
});

test('the recovered AST keeps what parsed and leaves out what is missing', () => {
  const { spec, diagnostics } = parseSpec('const nz 100\ngenerator G {\n  dense(128\n  relu\n}\ndata mnist(batch = )', 'x.gan');
  assert.is(diagnostics.length, 3);
  const [constant, network, data] = spec.statements;
  assert.equal(constant.kind === 'const' && [constant.name?.name, constant.value?.kind], ['nz', 'number']);
  assert.ok(network.kind === 'network' && network.name?.name === 'G');
  assert.equal(network.layers.map((layer) => [layer.callee.name, layer.args.length]), [['dense', 1], ['relu', 0]]);
  assert.ok(data.kind === 'setting' && data.args.length === 1 && data.args[0].name?.name === 'batch');
  assert.is(data.kind === 'setting' && data.args[0].value, undefined);
});

test.run();
