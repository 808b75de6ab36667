import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource, parseOverride, type Override } from '../../compiler/index.js';

/** `--set` in process, on seed A: where its diagnostics land, in the `<--set n>` source and in the spec file. */

const path = 'specs/seed_a_mlp.gan';
const seedA = readFileSync(join(__dirname, '..', '..', path), 'utf8');

function overrides(...sets: string[]): Override[] {
  return sets.map((set, index) => {
    const parsed = parseOverride(set, index);
    if (typeof parsed === 'string') throw new Error(parsed);
    return parsed;
  });
}

const at = (span: { file: string; start: { line: number; column: number } }) => `${span.file}:${span.start.line}:${span.start.column}`;

test('a statement the spec leaves out is added to hold the option, and its problem is the --set value', () => {
  const text = seedA.replace('checkpoint(every = 5)\n', '');
  const bad = checkSource(text, path, overrides('checkpoint.every=0'));
  assert.equal(bad.diagnostics.map((d) => [d.code, at(d.span), d.labels.map((l) => l.message)]), [['GAN0304', '<--set 1>:1:18', ['`--set 1` adds it here']]]);
  assert.is(bad.ir, undefined);
  const good = checkSource(text, path, overrides('checkpoint.every=3'));
  assert.equal(good.diagnostics, []);
  assert.match(good.overridden?.text ?? '', /\ncheckpoint\(every = 3\)\n$/);
  assert.ok(good.ir !== undefined);
});

test("a diagnostic after a value put in, on its line, keeps its place in the spec file", () => {
  const text = seedA.replace('shuffle = true', 'shuffle = 3');
  const alone = checkSource(text, path).diagnostics.map((d) => [d.code, at(d.span)]);
  assert.equal(alone, [['GAN0302', `${path}:9:52`]]);
  // `128` becomes `1000000`: the rest of line 9 moves in the text checked, not in the file.
  assert.equal(checkSource(text, path, overrides('data.batch=1000000')).diagnostics.map((d) => [d.code, at(d.span)]), alone);
});

test('a problem the spec file alone does not have is noted as coming with the overrides; its own problems are not', () => {
  const text = seedA.replace('shuffle = true', 'shuffle = 3');
  const result = checkSource(text, path, overrides('G.7.units=700'));
  const noted = (notes: string[]) => notes.some((n) => n.includes('comes with `--set G.7.units=700`'));
  assert.equal(result.diagnostics.map((d) => [d.code, at(d.span), noted(d.notes)]), [
    ['GAN0302', `${path}:9:52`, false],
    ['GAN0401', `${path}:21:11`, true],
  ]);
});

test('the IR is the spec with the value in; without overrides nothing is mapped', () => {
  const result = checkSource(seedA, path, overrides('optimizer.G.lr=3e-4', 'ngf_unused=1'));
  assert.equal(result.diagnostics.map((d) => [d.code, at(d.span)]), [['GAN0602', '<--set 2>:1:1']]);
  assert.is(result.ir, undefined, 'an override that names nothing is an error: no IR');
  const clean = checkSource(seedA, path, overrides('optimizer.G.lr=3e-4'));
  assert.is(clean.ir?.optimizers.generator.options.lr, 3e-4);
  assert.is(checkSource(seedA, path).overridden, undefined);
});

test.run();
