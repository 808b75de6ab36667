import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './run-cli.js';

/** `--set key=value` through the real CLI, on seed A (`optimizer D adam(lr = 2e-4, ...)` on line 36, `batch = 128` on line 9). */

const spec = 'specs/seed_a_mlp.gan';
const scratch = mkdtempSync(join(tmpdir(), 'ganc-set-'));

interface Report {
  files: {
    diagnostics: { code: string; span: { file: string; start: { line: number; column: number } }; labels: { span: { file: string; start: { line: number; column: number } }; message: string }[]; notes: string[]; help?: string }[];
    overrides?: { path: string; text: string }[];
  }[];
  errors: number;
}

const at = (span: { file: string; start: { line: number; column: number } }) => `${span.file}:${span.start.line}:${span.start.column}`;

test('a bad value is the checker diagnostic the file would give, in <--set 1>, with the spec line it lands on and a note', () => {
  const result = runCli(['check', '--no-summary', spec, '--set', 'optimizer.D.lr=-1']);
  assert.is(result.status, 1, result.stderr);
  assert.match(result.stderr, /error\[GAN0304\]: `lr` of `optimizer adam` must be > 0, found -1/);
  assert.match(result.stderr, /--> <--set 1>:1:16\n.*\n 1 \| optimizer\.D\.lr=-1\n\s+\|\s{16}\^\^ must be > 0/);
  assert.match(result.stderr, /::: specs\/seed_a_mlp\.gan:36:23\n.*\n36 \| optimizer D adam\(lr = 2e-4, betas = \[0\.5, 0\.999\]\)\n\s+\|\s+---- `--set 1` puts `-1` here/);
  assert.match(result.stderr, /note: the value comes from `--set optimizer\.D\.lr=-1`/);
});

test('--json carries the diagnostics, their spans in <--set n> and the spec, and the <--set n> texts', () => {
  const result = runCli(['check', '--json', spec, '--set', 'optimizer.D.lr=1e-4', '--set', 'data.batch=abc']);
  assert.is(result.status, 1, result.stderr);
  const report = JSON.parse(result.stdout) as Report;
  const file = report.files[0];
  assert.equal(file.overrides, [
    { path: '<--set 1>', text: 'optimizer.D.lr=1e-4' },
    { path: '<--set 2>', text: 'data.batch=abc' },
  ]);
  // `abc` is what `batch = abc` in the file would be: an undefined name.
  assert.equal(file.diagnostics.map((d) => [d.code, at(d.span), d.labels.map((l) => at(l.span))]), [['GAN0201', '<--set 2>:1:12', [`${spec}:9:37`]]]);
  assert.is(report.errors, 1);
});

test('an unknown key is reported at the key in <--set n>, with did-you-mean', () => {
  const option = runCli(['check', '--json', spec, '--set', 'optimizer.D.lrr=1e-4']);
  assert.is(option.status, 1, option.stderr);
  const diagnostics = (JSON.parse(option.stdout) as Report).files[0].diagnostics;
  assert.equal(diagnostics.map((d) => [d.code, at(d.span), d.help]), [['GAN0602', '<--set 1>:1:13', 'did you mean `lr`?']]);
  const statement = runCli(['check', '--no-summary', spec, '--set', 'optimzer.D.lr=1e-4']);
  assert.is(statement.status, 1);
  assert.match(statement.stderr, /error\[GAN0602\][^\n]*\n --> <--set 1>:1:1\n/);
  assert.match(statement.stderr, /help: did you mean `optimizer`\?/);
});

test('an option the spec leaves to its default can be set: checked where it is added', () => {
  const bad = runCli(['check', '--json', spec, '--set', 'optimizer.D.eps=-1']);
  assert.is(bad.status, 1, bad.stderr);
  const [problem] = (JSON.parse(bad.stdout) as Report).files[0].diagnostics;
  assert.is(problem.code, 'GAN0304');
  assert.is(at(problem.span), '<--set 1>:1:17');
  assert.equal(problem.labels.map((l) => [at(l.span), l.message]), [[`${spec}:36:49`, '`--set 1` adds it here']]);
  const good = runCli(['check', '--no-summary', spec, '--set', 'optimizer.D.eps=1e-7', '--set', 'samples.every=2']);
  assert.is(good.status, 0, good.stderr);
  assert.is(good.stderr, '');
});

test('a value that is not one value, a key set twice or swept, and a --set that is not key=value', () => {
  const notOne = runCli(['check', '--json', spec, '--set', 'optimizer.D.lr=1e-4)']);
  assert.equal((JSON.parse(notOne.stdout) as Report).files[0].diagnostics.map((d) => [d.code, at(d.span)]), [['GAN0604', '<--set 1>:1:16']]);
  // `lr` is both optimizers' lr: D's is set twice.
  const twice = runCli(['check', '--json', spec, '--set', 'lr=1e-3', '--set', 'optimizer.D.lr=1e-4']);
  assert.is(twice.status, 1);
  assert.equal((JSON.parse(twice.stdout) as Report).files[0].diagnostics.map((d) => [d.code, at(d.span), d.labels.map((l) => at(l.span))]), [['GAN0603', '<--set 2>:1:1', ['<--set 1>:1:1']]]);
  // A swept target takes each trial's value: setting it is refused, by `ganc sweep` before anything trains.
  const swept = runCli(['sweep', 'specs/seed_b8_dcgan.gan', '--set', 'data.batch=32', '--out', join(scratch, 'never-swept')]);
  assert.is(swept.status, 1);
  assert.match(swept.stderr, /error\[GAN0603\]: `--set 1` sets what the spec's sweep sweeps\n\s+--> <--set 1>:1:1\n[\s\S]*::: specs\/seed_b8_dcgan\.gan:54:3/);
  assert.match(swept.stderr, /no trial was trained/);
  const shape = runCli(['check', spec, '--set', 'lr']);
  assert.is(shape.status, 2);
  assert.match(shape.stderr, /--set takes key=value/);
});

test('compile --set writes a trainer with the value in, and says so in its header', () => {
  const result = runCli(['compile', spec, '-o', scratch, '--set', 'optimizer.D.lr=1e-4', '--set', 'data.batch=64']);
  assert.is(result.status, 0, result.stderr);
  const trainer = readFileSync(join(scratch, 'seed_a_mlp.ts'), 'utf8');
  assert.match(trainer, /^\/\/ Compiled with overrides the spec file does not hold: --set optimizer\.D\.lr=1e-4, --set data\.batch=64\.$/m);
  assert.match(trainer, /discriminator: tf\.train\.adam\(0\.0001, 0\.5, 0\.999, 1e-8\)/);
  assert.match(trainer, /generator: tf\.train\.adam\(0\.0002, /);
  assert.match(trainer, /batchSize: 64,/);
  const refused = runCli(['compile', spec, '-o', join(scratch, 'never'), '--set', 'data.batch=0']);
  assert.is(refused.status, 1);
  assert.match(refused.stderr, /--> <--set 1>:1:12/);
});

test('train --set data.batch=16 --steps 2 trains on batches of 16', () => {
  const out = join(scratch, 'run');
  const result = runCli(['train', spec, '--set', 'data.batch=16', '--steps', '2', '--backend', 'wasm', '--limit', '64', '--out', out]);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout + result.stderr, /training seed_a_mlp: 64 images, batch 16, /);
  assert.match(result.stdout + result.stderr, /stopped after 2 steps/);
});

test('check --help lists --set and --watch; a misspelt --set gets "did you mean", on train too', () => {
  const help = runCli(['check', '--help']);
  assert.is(help.status, 0);
  assert.match(help.stdout, /--set/);
  assert.match(help.stdout, /--watch/);
  assert.match(runCli(['--help']).stdout, /--set key=value/);
  const typo = runCli(['check', spec, '--sett', 'lr=1']);
  assert.is(typo.status, 2);
  assert.match(typo.stderr, /unknown flag `--sett`; did you mean `--set`\?/);
  // ganc train hands the flags after the spec to the trainer, which knows no --set: ganc tells its own typo apart.
  const trainTypo = runCli(['train', spec, '--sett', 'lr=1', '--steps', '1']);
  assert.is(trainTypo.status, 2);
  assert.match(trainTypo.stderr, /unknown flag `--sett`; did you mean `--set`\?/);
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
