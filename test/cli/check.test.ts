import { readdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './run-cli.js';

const specs = readdirSync('specs').filter((f) => f.endsWith('.gan')).map((f) => `specs/${f}`);

test('every spec in specs/ checks clean and exits 0, with summaries on stdout', () => {
  const result = runCli(['check', ...specs]);
  assert.is(result.stderr.includes('error['), false, result.stderr);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /Total params: 579,728/);
});

test('--json gives diagnostics and summaries as data', () => {
  const result = runCli(['check', '--json', 'specs/seed_a_mlp.gan']);
  assert.is(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { files: { summaries: { role: string; total: number }[] }[]; errors: number };
  assert.is(report.errors, 0);
  const totals = report.files[0].summaries.map((s) => [s.role, s.total]);
  assert.equal(totals, [['generator', 579728], ['discriminator', 533505]]);
});

test('a spec with errors exits 1 and renders file:line:col, the line and a caret', () => {
  const result = runCli(['check', 'test/fixtures/cli/b5_wrong_kernel.gan']);
  assert.is(result.status, 1);
  assert.match(result.stderr, /error\[GAN04\d\d\]/);
  assert.match(result.stderr, /--> test\/fixtures\/cli\/b5_wrong_kernel\.gan:24:3/);
  assert.match(result.stderr, /23 \|   conv2d_transpose\(nc, kernel = 4, stride = 2, padding = 1, bias = false\)/);
  assert.match(result.stderr, /\n\s+\|   \^+/);
});

test('a missing file is a usage error (exit 2) with the reason, not a stack trace', () => {
  const result = runCli(['check', 'specs/no-such-spec.gan']);
  assert.is(result.status, 2);
  assert.match(result.stderr, /cannot read spec `specs\/no-such-spec\.gan`: no such file/);
  assert.not.match(result.stderr, /at .*\.ts:\d+/);
});

test('no command, or an unknown flag, is a usage error (exit 2)', () => {
  assert.is(runCli([]).status, 2);
  const result = runCli(['check', '--no-such-flag', 'specs/seed_a_mlp.gan']);
  assert.is(result.status, 2);
  assert.match(result.stderr, /unknown flag `--no-such-flag`/);
});

test.run();
