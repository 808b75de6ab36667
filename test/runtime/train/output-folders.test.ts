import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TRAINING_FILES, verifyCheckpoint } from '../../../runtime/checkpoint/manifest.js';
import { runTrainer } from '../../../runtime/index.js';
import { captured } from './capture.js';
import { bindReadOnly, mount, notRun, unmount, whyNoMounts } from './folders.js';
import { seedAProgram } from './programs.js';

/**
 * Every way a run folder can fail to be written gives one line naming the path and the reason,
 * exit 1, no stack, before training starts (stdout empty): /proc, a file in the way, a read-only
 * directory, a read-only mount, a full disk. A disk that fills mid-run names the checkpoint file
 * it was writing and the last good checkpoint, which still verifies.
 */

const root = join(__dirname, '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'ganc-out-'));
// Readable by every user: the read-only-directory case runs its trainer as nobody.
chmodSync(scratch, 0o755);
test.after(() => rmSync(scratch, { recursive: true, force: true }));

const train = (out: string, ...flags: string[]) => captured(() => runTrainer(seedAProgram(), ['--backend', 'cpu', '--out', out, '--limit', '16', ...flags]));
const isRoot = process.getuid?.() === 0;

/** The generated seed A trainer as a process, so a hang is a timeout rather than a stuck test run. */
function trainerProcess(out: string, options: { uid?: number } = {}) {
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'generated/seed_a_mlp.ts', '--backend', 'cpu', '--out', out], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

function assertOneLine(run: { stdout: string; stderr: string }, line: string): void {
  assert.equal(run.stderr.trim().split('\n'), [line]);
  assert.is(run.stdout, '', 'the run stopped before the backend and the data');
}

test('--out /proc/x: one line at once, exit 1 (it hung in a mkdir loop: /proc answers ENOENT)', () => {
  const run = trainerProcess('/proc/x');
  assert.is(run.signal, null, 'ended before the 60 s timeout');
  assert.is(run.status, 1);
  assertOneLine(run, 'error: cannot create the folder /proc/x: /proc takes no new folders (mkdir gave ENOENT: a virtual file system such as /proc)');
});

test('--out /proc/x/y and /sys/x name the folder that could not be made and why', async () => {
  const proc = await train('/proc/x/y');
  assert.is(proc.exitCode, 1);
  assertOneLine(proc, 'error: cannot create the folder /proc/x/y: making /proc/x: /proc takes no new folders (mkdir gave ENOENT: a virtual file system such as /proc)');
  const sys = await train('/sys/x');
  assert.is(sys.exitCode, 1);
  assertOneLine(sys, 'error: cannot create the folder /sys/x: the operation is not permitted there (EPERM)');
});

test('--out that is a file, or lies under one', async () => {
  const file = join(scratch, 'a-file');
  writeFileSync(file, 'x');
  const itself = await train(file);
  assert.is(itself.exitCode, 1);
  assertOneLine(itself, `error: cannot use ${file} as a folder: it is a file`);
  const under = await train(join(file, 'run'));
  assert.is(under.exitCode, 1);
  assertOneLine(under, `error: cannot create the folder ${join(file, 'run')}: ${file} is a file, not a folder`);
});

test(`a read-only directory (mode 555${isRoot ? '; the trainer runs as user nobody, since root writes anywhere' : ''})`, async () => {
  const readOnly = join(scratch, 'read-only');
  mkdirSync(join(readOnly, 'existing-run'), { recursive: true });
  chmodSync(join(readOnly, 'existing-run'), 0o555);
  chmodSync(readOnly, 0o555);
  const newRun = join(readOnly, 'run');
  const existing = join(readOnly, 'existing-run');
  const results = isRoot
    ? [trainerProcess(newRun, { uid: 65534 }), trainerProcess(existing, { uid: 65534 })]
    : [await train(newRun), await train(existing)].map((run) => ({ ...run, status: run.exitCode }));
  assert.equal(results.map((run) => run.status), [1, 1]);
  assertOneLine(results[0], `error: cannot create the folder ${newRun}: permission denied (EACCES)`);
  assertOneLine(results[1], `error: cannot write ${join(existing, 'trainer.lock')}: permission denied (EACCES)`);
  assert.equal(readdirSync(existing), []);
});

/** Fills the file system under `folder` until `leave` bytes are free (a new filler file each call). */
function fill(folder: string, leave: number): void {
  const { bavail, bsize } = statfsSync(folder);
  writeFileSync(join(folder, `filler-${readdirSync(folder).length}`), Buffer.alloc(Math.max(0, bavail * bsize - leave)));
}

const noMounts = whyNoMounts();
if (noMounts) notRun('a read-only bind mount; a full tmpfs (at start and mid-run)', noMounts);
else {
  test('a read-only mount (a read-only bind mount): a new run folder, and resuming a run there', async () => {
    const source = join(scratch, 'mount-source');
    const readOnlyMount = join(scratch, 'read-only-mount');
    mkdirSync(source);
    mkdirSync(readOnlyMount);
    const first = await train(join(source, 'run'), '--steps', '1');
    assert.is(first.exitCode, 0, first.stderr);
    assert.is(bindReadOnly(source, readOnlyMount), undefined);
    try {
      const fresh = await train(join(readOnlyMount, 'new-run'));
      assert.is(fresh.exitCode, 1);
      assertOneLine(fresh, `error: cannot create the folder ${join(readOnlyMount, 'new-run')}: the file system is mounted read-only (EROFS)`);
      const resumed = await train(join(readOnlyMount, 'run'), '--resume', '--steps', '2');
      assert.is(resumed.exitCode, 1);
      assertOneLine(resumed, `error: cannot write ${join(readOnlyMount, 'run', 'trainer.lock')}: the file system is mounted read-only (EROFS)`);
    } finally {
      unmount(readOnlyMount);
    }
  });

  test('a full disk (a 4 MB tmpfs): at start the lock file is named; mid-run the checkpoint file, and the last good checkpoint is kept', async () => {
    const small = join(scratch, 'small-tmpfs');
    mkdirSync(small);
    assert.is(mount('-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', small), undefined);
    try {
      const run = join(small, 'run');
      const first = await train(run, '--steps', '1', '--epochs', '10');
      assert.is(first.exitCode, 0, first.stderr);
      // Room for the lock, the metrics line, the grid and the plot; not for the checkpoint's weights (220 KB).
      fill(small, 96 * 1024);
      const resumed = await train(run, '--resume', '--steps', '2');
      assert.is(resumed.exitCode, 1);
      const lines = resumed.stderr.trim().split('\n');
      assert.is(lines.length, 2, resumed.stderr);
      assert.match(lines[0], new RegExp(`^error: cannot write ${run}/checkpoints/\\.step_00000002\\.\\d+\\.tmp/\\S+: no space left on the device \\(ENOSPC\\)$`));
      const good = join(run, 'checkpoints', 'step_00000001');
      assert.is(lines[1], `  the run stopped at step 2; the last good checkpoint is ${good} (step 1): --resume continues from it`);
      assert.equal(readdirSync(join(run, 'checkpoints')), ['step_00000001'], 'the half-written checkpoint is gone');
      assert.ok(verifyCheckpoint(good, TRAINING_FILES).ok);
      assert.not.ok(existsSync(join(run, 'trainer.lock')));

      fill(small, 0);
      const full = await train(join(small, 'new-run'));
      assert.is(full.exitCode, 1);
      assertOneLine(full, `error: cannot write ${join(small, 'new-run', 'trainer.lock')}: no space left on the device (ENOSPC)`);
      assert.not.ok(existsSync(join(small, 'new-run')), 'the folder made for the run is removed again');
    } finally {
      unmount(small);
    }
  });
}

test.run();
