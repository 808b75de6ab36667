import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './run-cli.js';

const root = join(__dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'ganc-conventions-'));
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
  const label = runCli(['sample', 'docs/results/cgan_mnist', '--label', '12', '-o', join(scratch, 'never.png')]);
  assert.is(label.status, 2, label.stderr);
  assert.match(label.stderr, /--label must be a class from 0 to 9, got 12/);
  assert.not.match(label.stderr, backendLine);
  const unconditional = runCli(['sample', 'docs/results/seed_a_mlp_ganc10', '--label', '1']);
  assert.is(unconditional.status, 2);
  assert.match(unconditional.stderr, /--label needs a conditional generator/);
});

test('when auto falls back to wasm, one line says what would be faster and how to get it', () => {
  const out = join(scratch, 'auto.png');
  const result = runCli(['sample', 'docs/results/seed_a_mlp_ganc10', '-n', '4', '-o', out]);
  assert.is(result.status, 0, result.stderr);
  const chosen = /^backend: (\S+)/m.exec(result.stderr)?.[1];
  const hints = result.stderr.split('\n').filter((line) => line.startsWith('  faster: '));
  if (chosen === 'wasm' || chosen === 'cpu') {
    assert.is(hints.length, 1, result.stderr);
    assert.match(hints[0], /npm install @tensorflow\/tfjs-node/);
  } else {
    assert.is(hints.length, 0, `auto chose ${chosen}, which needs no hint:\n${result.stderr}`);
  }
});

/** Lines Dawn itself writes while it looks for an adapter (Vulkan loader warnings, a C++ source path, XDG_RUNTIME_DIR). */
const dawnNoise = /vkCreateInstance|VulkanError\.cpp|XDG_RUNTIME_DIR|third_party\/dawn/;

test("auto's WebGPU probe keeps Dawn's own stderr out of the output; --verbose lets it through", () => {
  const out = join(scratch, 'verbose.png');
  const quiet = runCli(['sample', 'docs/results/seed_a_mlp_ganc10', '-n', '4', '-o', out]);
  assert.is(quiet.status, 0, quiet.stderr);
  assert.not.match(quiet.stderr, dawnNoise);
  const verbose = runCli(['sample', 'docs/results/seed_a_mlp_ganc10', '-n', '4', '-o', out, '--verbose']);
  assert.is(verbose.status, 0, verbose.stderr);
  assert.is(/^backend: \S+/m.exec(verbose.stderr)?.[0], /^backend: \S+/m.exec(quiet.stderr)?.[0]);
  // Where Dawn has something to say (here: a Vulkan loader without a driver), --verbose shows it.
  const direct = spawnSync(process.execPath, ['-e', "import('webgpu').then(async (d) => { await d.create([]).requestAdapter(); process.exit(0); })"], { cwd: root, encoding: 'utf8' });
  if (dawnNoise.test(direct.stderr)) assert.match(verbose.stderr, dawnNoise);
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
