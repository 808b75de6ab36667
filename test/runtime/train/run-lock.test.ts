import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runTrainer } from '../../../runtime/index.js';
import { LOCK_FILE, type LockHolder } from '../../../runtime/train/run-lock.js';
import { captured } from './capture.js';
import { processStart, snapshot } from './folders.js';
import { seedAProgram } from './programs.js';

/**
 * The run folder's lock, in process against lock files of real processes: a running holder
 * is refused with its pid and the folder left as it was; a dead one's lock (or a reused pid's)
 * is replaced, said in one line; the lock goes when the trainer ends, however the run ends.
 * Two real trainers on one folder: test/e2e/two-trainers.e2e.ts.
 */

let run = '';
const train = (...flags: string[]) => captured(() => runTrainer(seedAProgram(), ['--backend', 'cpu', '--out', run, ...flags]));
const lockPath = () => join(run, LOCK_FILE);
const writeLock = (holder: Partial<LockHolder>) =>
  writeFileSync(lockPath(), JSON.stringify({ pid: 1, host: hostname(), since: '2026-01-02T03:04:05.000Z', processStart: null, ...holder }));
const noStack = (text: string) => assert.not.match(text, /internal error|\n\s+at .+:\d+:\d+/);

let sleeper: ChildProcess;

test.before(async () => {
  run = mkdtempSync(join(tmpdir(), 'ganc-lock-'));
  const first = await train('--limit', '16', '--steps', '1');
  assert.is(first.exitCode, 0, first.stderr);
  sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)']);
});
test.after(() => {
  sleeper.kill();
  rmSync(run, { recursive: true, force: true });
});

test('a run leaves no lock behind, whether it finishes or stops with an error', async () => {
  assert.not.ok(existsSync(lockPath()));
  const tooFew = await captured(() => runTrainer(seedAProgram(), ['--backend', 'cpu', '--out', join(run, 'other'), '--limit', '8']));
  assert.is(tooFew.exitCode, 1);
  assert.match(tooFew.stderr, /too few for one step/);
  assert.not.ok(existsSync(join(run, 'other', LOCK_FILE)));
});

test('a lock held by a running process: refused at once, exit 1, naming its pid, the folder untouched', async () => {
  writeLock({ pid: sleeper.pid, processStart: processStart(sleeper.pid!) });
  const before = snapshot(run);
  const refused = await train('--resume', '--steps', '2');
  assert.is(refused.exitCode, 1);
  assert.equal(refused.stderr.trim().split('\n'), [
    `error: ${run} is in use by another trainer: process ${sleeper.pid} (since 2026-01-02T03:04:05.000Z) holds ${lockPath()}; stop it, or pass another --out`,
  ]);
  assert.is(refused.stdout, '', 'refused before the backend or the data');
  assert.equal(snapshot(run), before);
  rmSync(lockPath());
});

test("a dead process's lock is said in one line and replaced; the run goes on and releases it", async () => {
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  writeLock({ pid: dead });
  const resumed = await train('--resume', '--steps', '2', '--epochs', '10');
  assert.is(resumed.exitCode, 0, resumed.stderr);
  assert.equal(resumed.stderr.trim().split('\n'), [
    `note: ${lockPath()} was left by process ${dead} (since 2026-01-02T03:04:05.000Z), which is no longer running; taking the run folder over`,
  ]);
  assert.match(resumed.stdout, /resuming from .*step_00000001[\s\S]*stopped after 2 steps/);
  assert.not.ok(existsSync(lockPath()));
});

test('a running pid that started at another time than the lock says is a reused pid: the lock is stale', async () => {
  writeLock({ pid: sleeper.pid, processStart: '1' });
  const resumed = await train('--resume', '--steps', '3', '--epochs', '10');
  assert.is(resumed.exitCode, 0, resumed.stderr);
  assert.match(resumed.stderr, `note: ${lockPath()} was left by process ${sleeper.pid}`);
  assert.not.ok(existsSync(lockPath()));
});

test('a lock from another host is refused, saying how to clear it; a file ganc did not write is named', async () => {
  writeLock({ host: 'elsewhere.example', pid: 4242 });
  const other = await train('--resume', '--steps', '4', '--epochs', '10');
  assert.is(other.exitCode, 1);
  assert.match(other.stderr, `error: ${run} is locked by process 4242 on host elsewhere.example (since 2026-01-02T03:04:05.000Z); this host cannot tell whether it still runs: remove ${lockPath()} if it does not`);
  writeFileSync(lockPath(), 'not json');
  const garbage = await train('--resume', '--steps', '4', '--epochs', '10');
  assert.is(garbage.exitCode, 1);
  assert.match(garbage.stderr, `error: ${lockPath()} is not a lock that a ganc trainer wrote: remove it if no trainer is using this folder`);
  noStack(other.stderr + garbage.stderr);
  assert.is(readFileSync(lockPath(), 'utf8'), 'not json', 'a refused trainer leaves the lock as it found it');
  rmSync(lockPath());
});

test('temporary files of killed writers in the run folder are removed at start, a running writer\'s kept', async () => {
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  const stale = join(run, `.losses.png.${dead}.1764633600000.tmp`);
  const live = join(run, `.metrics.jsonl.${sleeper.pid}.1764633600000.tmp`);
  writeFileSync(stale, 'half a png');
  writeFileSync(live, 'being written');
  const resumed = await train('--resume', '--steps', '4', '--epochs', '10');
  assert.is(resumed.exitCode, 0, resumed.stderr);
  assert.match(resumed.stderr, `note: removed ${stale}, left by process ${dead}, which is no longer running`);
  assert.not.ok(existsSync(stale));
  assert.ok(existsSync(live));
  rmSync(live);
});

test.run();
