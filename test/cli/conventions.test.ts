import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './run-cli.js';

const root = join(__dirname, '..', '..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
/** The line every command that picks a backend prints first. */
const backendLine = /^(backend|auto|  passed over)/m;

test('ganc --version prints the package version and exits 0', () => {
  const result = runCli(['--version']);
  assert.is(result.status, 0, result.stderr);
  assert.is(result.stdout.trim(), version);
});

test('ganc train <spec> --help prints the trainer flags with the spec defaults, not ganc help', () => {
  const result = runCli(['train', 'specs/cgan_mnist.gan', '--help']);
  assert.is(result.status, 0, result.stderr);
  for (const flag of ['--epochs', '--batch-size', '--backend', '--steps', '--minutes', '--limit', '--resume']) assert.ok(result.stdout.includes(flag), `no ${flag} in:\n${result.stdout}`);
  assert.match(result.stdout, /Trains "Conditional DCGAN on MNIST" \(from specs\/cgan_mnist\.gan\)/);
  assert.match(result.stdout, /examples per batch \(spec: 64\)/);
  assert.not.match(result.stdout, /ganc <command>/);
});

test('an unknown ganc flag exits 2 with "did you mean", naming the flag as typed', () => {
  const result = runCli(['check', 'specs/cgan_mnist.gan', '--jsn']);
  assert.is(result.status, 2);
  assert.match(result.stderr, /unknown flag `--jsn`; did you mean `--json`\?/);
});

test('a misspelt command exits 2 with "did you mean"', () => {
  const result = runCli(['chek', 'specs/cgan_mnist.gan']);
  assert.is(result.status, 2);
  assert.match(result.stderr, /unexpected argument `chek`; did you mean `check`\?/);
});

test('an unknown trainer flag through ganc train exits 2 with "did you mean", before any backend', () => {
  const result = runCli(['train', 'specs/cgan_mnist.gan', '--stps', '2']);
  assert.is(result.status, 2, result.stderr);
  assert.match(result.stderr, /unknown flag `--stps`; did you mean `--steps`\?/);
  assert.not.match(result.stderr, backendLine);
});

test('sample -n 0 and --label 12 are usage errors (exit 2) found before any backend starts', () => {
  const count = runCli(['sample', 'docs/results/cgan_mnist', '-n', '0']);
  assert.is(count.status, 2);
  assert.match(count.stderr, /-n must be a whole number from 1 to 10000, got 0/);
  const label = runCli(['sample', 'docs/results/cgan_mnist', '--label', '12', '-o', join(root, 'runs', 'never.png')]);
  assert.is(label.status, 2, label.stderr);
  assert.match(label.stderr, /--label must be a class from 0 to 9, got 12/);
  assert.not.match(label.stderr, backendLine);
  const unconditional = runCli(['sample', 'docs/results/seed_a_mlp', '--label', '1']);
  assert.is(unconditional.status, 2);
  assert.match(unconditional.stderr, /--label needs a conditional generator/);
});

test.run();
