import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';
import { expandSweep } from '../../compiler/sweep.js';
import { applyEdits, originalRange } from '../../compiler/targets.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { parseSpec } from '../../grammar/index.js';
import type { SweepStatement } from '../../grammar/ast.js';

/** The `sweep` statement: its syntax, its trials (grid, random, ranges, targets), and the diagnostics of each trial. */

const root = join(__dirname, '..', '..');
const fixture = (name: string) => readFileSync(join(root, 'test', 'fixtures', 'sweeps', name), 'utf8');
const tiny = fixture('tiny_sweep.gan');
const base = tiny.slice(0, tiny.indexOf('# 4 trials'));
const withSweep = (sweep: string) => `${base}${sweep}\n`;

function expand(text: string) {
  const parsed = parseSpec(text, 'x.gan');
  assert.equal(parsed.diagnostics, []);
  const diagnostics: Diagnostic[] = [];
  return { plan: expandSweep(parsed.spec, text, diagnostics), diagnostics };
}

/** Line and column of a span's start. */
const at = (d: Diagnostic) => `${d.span.start.line}:${d.span.start.column}`;
const codesOf = (text: string) => checkSource(text, 'x.gan').diagnostics.map((d) => `${d.code} ${at(d)}`);
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

test('the sweep statement parses into a method, its options and its axes with dotted paths', () => {
  const text = withSweep('sweep random(n = 3, seed = 7, metric = precision) {\n  optimizer.G.lr = log_uniform(1e-5, 1e-3)\n  D.2.alpha = [0.1, 0.2]\n}');
  const parsed = parseSpec(text, 'x.gan');
  assert.equal(parsed.diagnostics, []);
  const sweep = parsed.spec.statements.find((s) => s.kind === 'sweep') as SweepStatement;
  assert.is(sweep.method?.name, 'random');
  assert.equal(sweep.args.map((a) => a.name?.name), ['n', 'seed', 'metric']);
  assert.equal(sweep.axes.map((a) => a.path.map((p) => p.text)), [['optimizer', 'G', 'lr'], ['D', '2', 'alpha']]);
  assert.is(sweep.axes[0].values?.kind, 'call');
});

test('a grid crosses every axis, the last fastest; each trial is the spec with the values put in and the sweep taken out', () => {
  const { plan, diagnostics } = expand(tiny);
  assert.equal(diagnostics, []);
  assert.ok(plan);
  assert.equal(plan.trials.map((t) => t.values.map((v) => v.text)), [['8', '0.01'], ['8', '1e38'], ['16', '0.01'], ['16', '1e38']]);
  assert.equal(plan.trials.map((t) => t.name), ['trial_001', 'trial_002', 'trial_003', 'trial_004']);
  const second = plan.trials[1].text;
  assert.match(second, /const nh = 8\n/);
  assert.match(second, /optimizer D sgd\(lr = 1e38\)/);
  assert.match(second, /optimizer G adam\(lr = 2e-4,/, 'G keeps its own learning rate');
  assert.not.match(second, /^sweep /m);
  assert.is(plan.metric, 'fid');
  assert.is(plan.direction, 'minimize');
  for (const trial of plan.trials) assert.equal(checkSource(trial.text, 'trial.gan').diagnostics.filter((d) => d.severity === 'error'), []);
});

test('random(n, seed) draws n trials, the same for the same seed; log_uniform stays in its bounds', () => {
  const sweep = 'sweep random(n = 6, seed = 3) {\n  optimizer.lr = log_uniform(1e-5, 1e-3)\n  nh = [8, 16, 32]\n}';
  const a = expand(withSweep(sweep)).plan;
  const b = expand(withSweep(sweep)).plan;
  const c = expand(withSweep(sweep.replace('seed = 3', 'seed = 4'))).plan;
  assert.ok(a && b && c);
  assert.is(a.trials.length, 6);
  assert.equal(a.trials.map((t) => t.values.map((v) => v.text)), b.trials.map((t) => t.values.map((v) => v.text)));
  assert.not.equal(a.trials.map((t) => t.values[0].text), c.trials.map((t) => t.values[0].text));
  for (const t of a.trials) {
    const lr = t.values[0].value as number;
    assert.ok(lr >= 1e-5 && lr <= 1e-3, String(lr));
    assert.ok(['8', '16', '32'].includes(t.values[1].text));
    // Both optimizers take the drawn rate.
    assert.is((t.text.match(new RegExp(`lr = ${t.values[0].text.replace('.', '\\.')}\\b`, 'g')) ?? []).length, 2, t.text);
  }
});

test('range(from, to, step) includes both ends', () => {
  const { plan } = expand(withSweep('sweep {\n  data.batch = range(8, 32, step = 8)\n}'));
  assert.equal(plan?.trials.map((t) => t.values[0].value), [8, 16, 24, 32]);
  assert.match(plan?.trials[3].text ?? '', /data mnist\(range = \[-1, 1\], batch = 32\)/);
});

test('targets: a bare option, a statement, an option the spec leaves out, a layer option by number or kind', () => {
  const { plan, diagnostics } = expand(
    withSweep('sweep {\n  epochs = [2]\n  loss = [least_squares]\n  train.d_steps = [2]\n  samples.grid = [[2, 2]]\n  D.leaky_relu.alpha = [0.1]\n  G.1.units = [12]\n}'),
  );
  assert.equal(diagnostics, []);
  const text = plan?.trials[0].text ?? '';
  assert.match(text, /train\(epochs = 2, seed = 1, log_every = 1, d_steps = 2\)/);
  assert.match(text, /\nloss least_squares\n/);
  assert.match(text, /\nsamples\(grid = \[2, 2\]\)\n/);
  assert.match(text, /leaky_relu\(0\.1\)/);
  assert.match(text, /dense\(12\)\n  relu\n  dense\(784\)/);
  assert.equal(checkSource(text, 'trial.gan').diagnostics.filter((d) => d.severity === 'error'), []);
});

test('a trial whose shapes break is GAN0704 at the value that breaks it, with the problem labelled where it is', () => {
  const text = fixture('odd_ngf.gan');
  const result = checkSource(text, 'x.gan');
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.map((d) => `${d.code} ${at(d)}`), [`GAN0704 ${lineOf(text, 'ngf = [8, 7]')}:13`, `GAN0704 ${lineOf(text, 'ngf = [8, 7]')}:13`]);
  assert.equal(errors[0].labels.map((l) => `${l.span.start.line}:${l.span.start.column}`), [`${lineOf(text, 'conv2d_transpose(ngf / 2')}:20`]);
  assert.match(errors[0].message, /^trial 3 of 4 \(ngf = 7, optimizer\.lr = 1e-4\) does not check/);
  assert.equal(result.sweep?.trials.map((t) => t.ok), [true, true, false, false]);
  assert.is(result.ir, undefined);
});

test('a failing trial is blamed on each value that fails alone: GAN0704 at the first, the others labelled', () => {
  const text = withSweep('sweep {\n  G.3.units = [784, 392]\n  G.5.shape = [[28, 28, 1], [28, 14, 1]]\n}');
  const result = checkSource(text, 'x.gan');
  const errors = result.diagnostics.filter((d) => d.code === 'GAN0704');
  // 784 + [28, 14, 1] and 392 + [28, 28, 1] break at the reshape (alone, each breaks); 392 + [28, 14, 1] breaks at G's output.
  const failing = result.sweep?.trials.filter((t) => !t.ok).map((t) => t.name);
  assert.equal(failing, ['trial_002', 'trial_003', 'trial_004']);
  const combined = errors.filter((d) => d.message.startsWith('trial 4 of 4'));
  assert.ok(combined.length > 0);
  for (const d of errors) assert.is(d.span.start.line, lineOf(text, d.message.startsWith('trial 2') ? 'G.5.shape' : 'G.3.units'));
  // Trial 4's values each fail alone: the diagnostic sits on the first and labels the second.
  assert.ok(combined.every((d) => d.labels.some((l) => l.message === 'with G.5.shape = [28, 14, 1]' && l.span.start.line === lineOf(text, 'G.5.shape'))));
});

test('values that break the spec only together: GAN0704 at the first, the other labelled', () => {
  // Each alone gives G a first layer of 1e8 units; together 1e16, past what can be counted exactly (GAN0405).
  const text = withSweep('sweep {\n  nh = [16, 100000000]\n  m = [1, 100000000]\n}').replace('const nh = 16\n', 'const nh = 16\nconst m = 1\n').replace('  dense(nh)\n', '  dense(nh * m)\n');
  const result = checkSource(text, 'x.gan');
  assert.equal(result.sweep?.trials.map((t) => t.ok), [true, true, true, false]);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.ok(errors.length > 0 && errors.every((d) => d.code === 'GAN0704'));
  for (const d of errors) {
    assert.is(at(d), `${lineOf(text, '  nh = [16')}:13`);
    assert.ok(d.labels.some((l) => l.message === 'with m = 100000000' && l.span.start.line === lineOf(text, '  m = [1')));
    assert.ok(d.notes.some((n) => n.startsWith('the values break it together')));
  }
});

test('sweep errors: unknown target, a grid over a distribution, a bad method, an axis swept twice, one value', () => {
  // The sweep keyword is on the first line after the base spec, its first axis on the next.
  const sweepLine = (_: string) => base.split('\n').length + 1;
  assert.equal(codesOf(withSweep('sweep {\n  ngff = [1, 2]\n}')), [`GAN0701 ${sweepLine('')}:3`]);
  assert.equal(codesOf(withSweep('sweep {\n  optimizer.G.lrr = [1]\n}')), [`GAN0701 ${sweepLine('')}:15`]);
  assert.equal(codesOf(withSweep('sweep {\n  G.9.units = [1]\n}')), [`GAN0701 ${sweepLine('')}:5`]);
  assert.equal(codesOf(withSweep('sweep grid {\n  optimizer.lr = log_uniform(1e-5, 1e-3)\n}')), [`GAN0702 ${sweepLine('')}:18`]);
  assert.equal(codesOf(withSweep('sweep {\n  nh = 8\n}')), [`GAN0702 ${sweepLine('')}:8`]);
  assert.equal(codesOf(withSweep('sweep {\n  nh = range(8, 4)\n}')), [`GAN0702 ${sweepLine('')}:8`]);
  assert.equal(codesOf(withSweep('sweep bayes {\n  nh = [8]\n}')), [`GAN0703 ${sweepLine('') - 1}:7`]);
  assert.equal(codesOf(withSweep('sweep random(seed = 1) {\n  nh = [8]\n}')), [`GAN0703 ${sweepLine('') - 1}:7`]);
  assert.equal(codesOf(withSweep('sweep grid(metric = lpips) {\n  nh = [8]\n}')), [`GAN0703 ${sweepLine('') - 1}:21`]);
  assert.equal(codesOf(withSweep('sweep {\n  nh = [8]\n  nh = [16]\n}')), [`GAN0705 ${sweepLine('') + 1}:3`]);
  assert.equal(codesOf(withSweep('sweep {\n  nh = range(1, 2000)\n}')), [`GAN0706 ${sweepLine('')}:8`]);
});

test('maximize is the default direction of precision, recall and classes', () => {
  const { plan } = expand(withSweep('sweep grid(metric = recall) {\n  nh = [8]\n}'));
  assert.is(plan?.direction, 'maximize');
});

test('two options of a statement the spec leaves out are added in one statement', () => {
  const { plan, diagnostics } = expand(withSweep('sweep {\n  samples.grid = [[2, 2]]\n  samples.every = [2]\n}'));
  assert.equal(diagnostics, []);
  assert.match(plan?.trials[0].text ?? '', /\nsamples\(grid = \[2, 2\], every = 2\)\n/);
  assert.equal(checkSource(plan?.trials[0].text ?? '', 'trial.gan').diagnostics.filter((d) => d.severity === 'error'), []);
});

test('a range of a trial maps back to the spec, and into the value an edit put in', () => {
  const text = 'abc XYZ def';
  const edits = [{ start: 4, end: 7, text: '12345', origin: 0 }];
  const trial = applyEdits(text, edits);
  assert.is(trial, 'abc 12345 def');
  assert.equal(originalRange(edits, 10, 13), { start: 8, end: 11 });
  assert.equal(originalRange(edits, 5, 6), { start: 4, end: 7, origin: 0 });
  assert.equal(originalRange(edits, 1, 2), { start: 1, end: 2 });
  // A range that ends inside the edit runs to the end of what the edit replaced.
  assert.equal(originalRange(edits, 1, 6), { start: 1, end: 7 });
});

test("seed B8 carries the report's sweep of epochs, batch and learning rate, and it checks clean", () => {
  const path = join(root, 'specs', 'seed_b8_dcgan.gan');
  const result = checkSource(readFileSync(path, 'utf8'), path);
  assert.equal(result.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.equal(result.sweep?.axes.map((a) => a.target), ['epochs', 'batch', 'optimizer.lr']);
  assert.is(result.sweep?.trials.length, 12);
  assert.ok(result.sweep?.trials.every((t) => t.ok));
  assert.ok(result.ir, 'the base spec still lowers');
});

test.run();
