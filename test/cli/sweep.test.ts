import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './run-cli.js';

/** `ganc check` on sweeps and the `ganc sweep` refusals that come before anything trains, through the real CLI. */

interface Report {
  files: {
    diagnostics: { code: string; span: { start: { line: number; column: number } }; labels: { span: { start: { line: number } } }[] }[];
    sweep?: { method: string; metric: string; direction: string; trials: { name: string; ok: boolean; values: { target: string; text: string }[]; text: string }[] };
  }[];
  errors: number;
}

test('check --json lists every trial with its values, and a failing trial as GAN0704 at the value', () => {
  const result = runCli(['check', '--json', 'test/fixtures/sweeps/odd_ngf.gan']);
  assert.is(result.status, 1);
  const report = JSON.parse(result.stdout) as Report;
  const file = report.files[0];
  assert.equal(file.sweep?.trials.map((t) => [t.name, t.values.map((v) => `${v.target}=${v.text}`).join(' '), t.ok]), [
    ['trial_001', 'ngf=8 optimizer.lr=1e-4', true],
    ['trial_002', 'ngf=8 optimizer.lr=2e-4', true],
    ['trial_003', 'ngf=7 optimizer.lr=1e-4', false],
    ['trial_004', 'ngf=7 optimizer.lr=2e-4', false],
  ]);
  assert.equal(file.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`), ['GAN0704 32:13', 'GAN0704 32:13']);
  assert.equal(file.diagnostics[0].labels.map((l) => l.span.start.line), [12]);
  assert.match(file.sweep?.trials[2].text ?? '', /const ngf = 7\n/);
  assert.is(report.errors, 2);
});

test('check prints the trials of a clean sweep and exits 0 (seed B8: 12 trials)', () => {
  const result = runCli(['check', '--no-summary', 'specs/seed_b8_dcgan.gan']);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /sweep grid, 12 trials \(0 failing\), ranked by fid \(minimize\)/);
  assert.match(result.stdout, /trial_012 {2}epochs = 200, batch = 128, optimizer\.lr = 2e-4\n/);
});

test('ganc sweep refuses a sweep that does not check, a spec with no sweep, and status without a queue', () => {
  const broken = runCli(['sweep', 'test/fixtures/sweeps/odd_ngf.gan', '--out', '/nonexistent/never-made']);
  assert.is(broken.status, 1);
  assert.match(broken.stderr, /error\[GAN0704\]/);
  assert.match(broken.stderr, /error: the sweep does not check; no trial was trained/);
  const none = runCli(['sweep', 'specs/seed_a_mlp.gan']);
  assert.is(none.status, 1);
  assert.match(none.stderr, /has no `sweep` statement/);
  const status = runCli(['sweep', 'status']);
  assert.is(status.status, 2);
  assert.match(status.stderr, /pass --queue redis:\/\/host:port/);
  const badUrl = runCli(['sweep', 'specs/seed_b8_dcgan.gan', '--queue', 'redis://']);
  assert.is(badUrl.status, 1);
  assert.match(badUrl.stderr, /error: --queue redis:\/\/ names no host/);
});

test.run();
