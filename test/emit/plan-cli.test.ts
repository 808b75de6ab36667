import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';
import { lowerTrainingPlan } from '../../compiler/lower-step.js';
import { runCli } from '../cli/run-cli.js';
import { root } from './paths.js';

const scratch = mkdtempSync(join(tmpdir(), 'ganc-plan-cli-'));
const tiny = 'test/fixtures/compiled/tiny_mlp.gan';

test('compile writes <name>.plan.json beside the trainer: the plan the spec lowers to, byte for byte the same each time', () => {
  const out = join(scratch, 'plan');
  const first = runCli(['compile', tiny, '-o', out]);
  assert.is(first.status, 0, first.stderr);
  assert.match(first.stdout, /wrote .*tiny_mlp\.ts and .*tiny_mlp\.plan\.json/);
  const written = readFileSync(join(out, 'tiny_mlp.plan.json'), 'utf8');
  const text = readFileSync(join(root, tiny), 'utf8');
  const lowered = lowerTrainingPlan(checkSource(text, tiny).ir!, { path: tiny, text });
  assert.ok(lowered.ok);
  if (lowered.ok) assert.equal(JSON.parse(written), lowered.plan);
  assert.is(JSON.parse(written).maxBatch, 4);
  const again = runCli(['compile', tiny, '-o', out]);
  assert.is(again.status, 0, again.stderr);
  assert.is(readFileSync(join(out, 'tiny_mlp.plan.json'), 'utf8'), written);
});

test('--max-batch sizes the plan; a bad value is a usage error', () => {
  const out = join(scratch, 'max-batch');
  const result = runCli(['compile', tiny, '-o', out, '--max-batch', '16']);
  assert.is(result.status, 0, result.stderr);
  assert.is(JSON.parse(readFileSync(join(out, 'tiny_mlp.plan.json'), 'utf8')).maxBatch, 16);
  const bad = runCli(['compile', tiny, '-o', out, '--max-batch', '0']);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /--max-batch must be a positive whole number, got 0/);
  // A batch whose arena 32-bit indices would wrap is refused, not written.
  const huge = runCli(['compile', tiny, '-o', join(scratch, 'huge-batch'), '--max-batch', '1000000000']);
  assert.is(huge.status, 0, 'the trainer is still written; only the plan is refused');
  assert.match(huge.stderr, /more than the 8 GiB \(2\^31 words\) its kernels can index: compile for a smaller --max-batch \(about \d+ fits\)/);
  assert.not.ok(existsSync(join(scratch, 'huge-batch', 'tiny_mlp.plan.json')));
});

test('--emit graph prints the training step as graph IR and writes nothing', () => {
  const out = join(scratch, 'graph');
  const result = runCli(['compile', tiny, '-o', out, '--emit', 'graph']);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /^# \d+ nodes$/m);
  assert.match(result.stdout, /^# slot G\/trainable : f32\[7096\] \(trainable\)$/m);
  assert.match(result.stdout, /^%\d+ = matmul\(%\d+, %G\.dense_1\.kernel\) : f32\[B, 8\] +# D step 1\/G\/dense_1$/m);
  assert.match(result.stdout, /^output loss_G = %\d+$/m);
  assert.not.ok(existsSync(out));
});

/** The real CLI with avg_pool2d's graph lowering taken away, so overlapping_pool.gan cannot be compiled (GAN0801). */
const unlowered = { env: { NODE_OPTIONS: `--require ${join(root, 'test/fixtures/compiled/without-pool-lowering.cjs')}` } };

test('a spec the compiled step cannot run: the trainer is written, the plan is not, a located warning says why', () => {
  const out = join(scratch, 'no-plan');
  const result = runCli(['compile', 'test/fixtures/compiled/overlapping_pool.gan', '-o', out], unlowered);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stderr, /warning\[GAN0801\]/);
  assert.match(result.stderr, /--> test\/fixtures\/compiled\/overlapping_pool\.gan:14:3/);
  assert.ok(existsSync(join(out, 'overlapping_pool.ts')));
  assert.not.ok(existsSync(join(out, 'overlapping_pool.plan.json')));
  const graph = runCli(['compile', 'test/fixtures/compiled/overlapping_pool.gan', '--emit', 'graph'], unlowered);
  assert.is(graph.status, 1);
  assert.match(graph.stderr, /error\[GAN0801\]/);
});

test('ganc train --executor compiled on such a spec: an error before any trainer runs', () => {
  const result = runCli(['train', 'test/fixtures/compiled/overlapping_pool.gan', '--executor', 'compiled', '--out', join(scratch, 'run')], unlowered);
  assert.is(result.status, 1);
  assert.match(result.stderr, /error\[GAN0801\]/);
  assert.not.ok(existsSync(join(scratch, 'run')));
});

test('--emit graph prints the pooling op of avg_pool2d(3, stride = 2)', () => {
  const graph = runCli(['compile', 'test/fixtures/compiled/overlapping_pool.gan', '--emit', 'graph']);
  assert.is(graph.status, 0, graph.stderr);
  assert.match(graph.stdout, /^%\d+ = avg_pool\(%\d+, window=\[3, 3\], strides=\[2, 2\], pads=\[0, 0, 0, 0\]\) : f32\[\d*B, 13, 13, 1\] +# D step 1\/real and fake\/D\/average_pooling2d_1$/m);
  assert.match(graph.stdout, /^%\d+ = avg_pool_backprop\(%\d+, window=\[3, 3\], strides=\[2, 2\], pads=\[0, 0, 0, 0\]\) : f32\[\d*B, 28, 28, 1\]/m);
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
