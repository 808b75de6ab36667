import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// A trainer asked for the compiled executor without a usable plan stops with the reason, before
// any training (exit 2), never a stack trace or a quiet fallback to tfjs.

const root = join(__dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'ganc-missing-plan-'));

function runTrainer(args: string[]) {
  const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(root, 'generated', 'seed_a_mlp.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('generated/ holds no plans: --executor compiled names the missing file and what writes it', () => {
  const result = runTrainer(['--executor', 'compiled', '--backend', 'cpu', '--steps', '1', '--out', join(scratch, 'none')]);
  assert.is(result.status, 2, result.stderr);
  assert.match(result.stderr, /^error: --executor compiled: no compiled plan at .*generated\/seed_a_mlp\.plan\.json; `ganc compile` writes it beside the trainer/m);
  assert.not.match(result.stdout, /Loss_D/);
});

test('--plan that is not a plan: one error line naming the file', () => {
  const bad = join(scratch, 'bad.plan.json');
  writeFileSync(bad, '{"version": 99}');
  const result = runTrainer(['--executor', 'compiled', '--plan', bad, '--backend', 'cpu', '--steps', '1', '--out', join(scratch, 'bad')]);
  assert.is(result.status, 1, result.stderr);
  assert.match(result.stderr, /^error: --executor compiled: .*bad\.plan\.json is plan version 99, this runtime runs version 1: compile the spec again$/m);
});

test('--executor takes compiled or tfjs only', () => {
  const result = runTrainer(['--executor', 'gpu', '--out', join(scratch, 'flag')]);
  assert.is(result.status, 2);
  assert.match(result.stderr, /executor/);
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
