import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './run-cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'ganc-dataset-record-'));
const run = join(scratch, 'run');
const backendLine = /^(backend|  passed over)/m;

test('a checkpoint records its data set: source, range, shape, classes', () => {
  const trained = runCli(['train', 'specs/seed_a_mlp.gan', '--steps', '1', '--batch-size', '16', '--limit', '64', '--backend', 'wasm', '--out', run], { timeoutMs: 300_000 });
  assert.is(trained.status, 0, trained.stderr);
  const [checkpoint] = readdirSync(join(run, 'checkpoints'));
  const state = JSON.parse(readFileSync(join(run, 'checkpoints', checkpoint, 'state.json'), 'utf8')) as { generator: { dataset?: unknown } };
  assert.equal(state.generator.dataset, { source: 'mnist', range: [-1, 1], shape: [28, 28, 1], classes: 10 });
  // The run's grid is named by its step and drawn 4x: each 28x28 tile with its 2-px gap becomes 120 px.
  const grid = PNG.sync.read(readFileSync(join(run, 'image_at_step_00000001.png')));
  assert.is(grid.width % 4, 0);
  assert.is((grid.width / 4 - 2) % 30, 0, `width ${grid.width}`);
  assert.is((grid.height / 4 - 2) % 30, 0, `height ${grid.height}`);
});

test('eval refuses a --dataset the checkpoint was not trained on (exit 2, before any backend)', () => {
  const result = runCli(['eval', run, '--dataset', 'fashion_mnist', '-n', '20']);
  assert.is(result.status, 2, result.stderr);
  assert.match(result.stderr, /--dataset fashion_mnist does not match the data set the generator learned: .* was trained on mnist, range \[-1, 1\], shape \[batch, 28, 28, 1\], 10 classes/);
  assert.not.match(result.stderr, backendLine);
});

test('eval scores against the recorded data set by default', () => {
  const result = runCli(['eval', run, '-n', '20', '--backend', 'wasm', '--json'], { timeoutMs: 300_000 });
  assert.is(result.status, 0, result.stderr);
  assert.is((JSON.parse(result.stdout) as { dataset: string }).dataset, 'mnist');
  assert.not.match(result.stderr, /records no data set/);
});

test('a checkpoint from before data sets were recorded is scored against mnist with a note', () => {
  const result = runCli(['eval', 'docs/results/seed_a_mlp_ganc10', '-n', '20', '--backend', 'wasm', '--json'], { timeoutMs: 300_000 });
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stderr, /note: docs\/results\/seed_a_mlp_ganc10 records no data set .* scoring against mnist \(--dataset to choose\)/);
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
