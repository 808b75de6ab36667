import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emitTrainer } from '../../compiler/emit/index.js';
import { checkSource } from '../../compiler/index.js';
import { runCli } from '../cli/run-cli.js';
import { root } from './paths.js';

const scratch = mkdtempSync(join(tmpdir(), 'ganc-emit-cli-'));

test('compile writes <out>/<name>.ts, importing the runtime by the package name, so the folder can move', () => {
  const out = join(scratch, 'out');
  const result = runCli(['compile', 'specs/seed_a_mlp.gan', '-o', out]);
  assert.is(result.status, 0, result.stderr);
  const text = readFileSync(join(out, 'seed_a_mlp.ts'), 'utf8');
  const ir = checkSource(readFileSync(join(root, 'specs/seed_a_mlp.gan'), 'utf8'), 'specs/seed_a_mlp.gan').ir;
  if (!ir) throw new Error('seed A does not check clean');
  assert.is(text, emitTrainer(ir));
  assert.match(text, /^import \* as gan from 'ganc\/runtime';$/m);
  assert.match(text, /^import \* as tf from '@tensorflow\/tfjs';$/m);
});

test('compile writes to generated/ of the working folder by default', () => {
  const result = runCli(['compile', join(root, 'specs/seed_b5_dcgan.gan')], { cwd: scratch });
  assert.is(result.status, 0, result.stderr);
  assert.ok(existsSync(join(scratch, 'generated', 'seed_b5_dcgan.ts')));
});

test('compile of a spec with errors renders them, exits 1 and writes nothing', () => {
  const out = join(scratch, 'rejected');
  const result = runCli(['compile', 'test/fixtures/cli/b5_wrong_kernel.gan', '-o', out]);
  assert.is(result.status, 1);
  assert.match(result.stderr, /error\[GAN04\d\d\]/);
  assert.match(result.stderr, /--> test\/fixtures\/cli\/b5_wrong_kernel\.gan:\d+:\d+/);
  assert.not.ok(existsSync(out));
});

test('compile of a missing spec is a usage error (exit 2)', () => {
  const result = runCli(['compile', 'specs/no-such-spec.gan', '-o', scratch]);
  assert.is(result.status, 2);
  assert.match(result.stderr, /cannot read spec `specs\/no-such-spec\.gan`/);
});

test('train compiles into a temporary folder, passes the flags on and returns the exit status', () => {
  const run = join(scratch, 'run');
  const trained = runCli(['train', 'specs/seed_a_mlp.gan', '--steps', '2', '--batch-size', '8', '--backend', 'cpu', '--out', run], { timeoutMs: 300_000 });
  assert.is(trained.status, 0, trained.stderr);
  assert.ok(readdirSync(join(run, 'checkpoints')).length > 0, 'no checkpoint after 2 steps');
  const refused = runCli(['train', 'specs/seed_a_mlp.gan', '--bogus-flag', '1', '--backend', 'cpu']);
  assert.is(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /bogus-flag/);
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
