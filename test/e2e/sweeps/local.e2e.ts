import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exited, ganCli, mnist, scratch, smallFlags, startGanc, tinySpec } from './harness.js';

/**
 * `ganc sweep` on this machine: 4 trials two at a time, two of them sent to NaN by their learning
 * rate (failed with the reason; the others finish), the leaderboard in three formats and a plot,
 * its figures equal to what `ganc eval` prints for each trial's checkpoint, and a rerun that
 * trains nothing.
 */

interface Row {
  name: string;
  status: string;
  reason?: string;
  steps: number;
  fid?: number;
  classes?: number;
  precision?: number;
  recall?: number;
  checkpoint?: string;
  values: { target: string; text: string }[];
}

const out = join(scratch('ganc-sweep-local-'), 'sweep');

test('a local sweep trains every trial, marks the NaN ones failed and ranks the rest', async () => {
  const sweep = startGanc(['sweep', tinySpec, '--parallel', '2', '--out', out, ...smallFlags(4)]);
  // The leaderboard is rewritten as each trial ends: watch it fill.
  const seen = new Set<number>();
  const watch = setInterval(() => {
    try {
      seen.add((JSON.parse(readFileSync(join(out, 'leaderboard.json'), 'utf8')) as { done: number }).done);
    } catch {
      /* not written yet, or mid-rename */
    }
  }, 100);
  await exited(sweep);
  clearInterval(watch);
  assert.is(sweep.exitCode, 0, sweep.output().slice(-3000));
  assert.ok([...seen].some((done) => done >= 1 && done <= 3), `leaderboard sizes seen while running: ${[...seen].join(', ')}`);
  const board = JSON.parse(readFileSync(join(out, 'leaderboard.json'), 'utf8')) as { trials: Row[]; total: number; done: number };
  assert.is(board.total, 4);
  assert.is(board.done, 4);
  const failed = board.trials.filter((t) => t.status === 'failed');
  const finished = board.trials.filter((t) => t.status === 'finished');
  assert.equal(failed.map((t) => t.values.find((v) => v.target === 'optimizer.D.lr')?.text), ['1e38', '1e38']);
  for (const t of failed) assert.match(t.reason ?? '', /loss is NaN at step \d+/);
  assert.is(finished.length, 2);
  for (const t of finished) {
    assert.is(t.steps, 4);
    assert.ok(Number.isFinite(t.fid) && (t.fid as number) > 0, `FID of ${t.name}`);
  }
  // Ranked: finished trials by FID (lowest first), then the failed ones.
  assert.ok((finished[0].fid as number) <= (finished[1].fid as number));
  assert.equal(board.trials.slice(0, 2).map((t) => t.status), ['finished', 'finished']);
  const csv = readFileSync(join(out, 'leaderboard.csv'), 'utf8').trim().split('\n');
  assert.is(csv.length, 5);
  assert.match(csv[0], /^rank,trial,nh,optimizer\.D\.lr,status,steps,wall s,FID,classes,precision,recall,grid,reason$/);
  const markdown = readFileSync(join(out, 'leaderboard.md'), 'utf8');
  assert.match(markdown, /\| 1 \| trial_00[13] \| (8|16) \| 0\.01 \| finished \| 4 \|/);
  assert.ok(existsSync(join(out, 'plot_nh.png')) && existsSync(join(out, 'plot_optimizer_D_lr.png')));
  for (const t of finished) assert.ok(existsSync(join(out, 'runs', t.name, 'checkpoints')), t.name);
});

test("the leaderboard's figures are what `ganc eval` prints for each trial's checkpoint", async () => {
  const board = JSON.parse(readFileSync(join(out, 'leaderboard.json'), 'utf8')) as { trials: Row[] };
  for (const t of board.trials.filter((x) => x.status === 'finished')) {
    const ran = await ganCli(['eval', t.checkpoint as string, '--json', '--n', '50', '--seed', '0', '--backend', 'cpu', '--data-dir', mnist]);
    assert.is(ran.code, 0, ran.stderr);
    const report = JSON.parse(ran.stdout) as { samples: { fid: number; covered: number; precision: number; recall: number } };
    assert.is(t.fid, report.samples.fid, `${t.name} FID`);
    assert.is(t.classes, report.samples.covered, `${t.name} classes`);
    assert.is(t.precision, report.samples.precision, `${t.name} precision`);
    assert.is(t.recall, report.samples.recall, `${t.name} recall`);
  }
});

test('running the finished sweep again reuses every trial', async () => {
  const before = readFileSync(join(out, 'leaderboard.json'), 'utf8');
  const ran = await ganCli(['sweep', tinySpec, '--parallel', '2', '--out', out, ...smallFlags(4)]);
  assert.is(ran.code, 0, ran.stderr.slice(-2000));
  assert.is((ran.stderr.match(/: reused \(/g) ?? []).length, 4, ran.stderr);
  assert.not.match(ran.stderr, /: training \(/);
  const after = JSON.parse(readFileSync(join(out, 'leaderboard.json'), 'utf8')) as { trials: Row[] };
  assert.equal(after.trials.map((t) => [t.name, t.fid]), (JSON.parse(before) as { trials: Row[] }).trials.map((t) => [t.name, t.fid]));
});

test('a sweep that does not check trains nothing and exits 1', async () => {
  const broken = join(__dirname, '..', '..', 'fixtures', 'sweeps', 'odd_ngf.gan');
  const target = join(scratch('ganc-sweep-broken-'), 'sweep');
  const ran = await ganCli(['sweep', broken, '--out', target, ...smallFlags(2)]);
  assert.is(ran.code, 1);
  assert.match(ran.stderr, /error\[GAN0704\]/);
  assert.ok(!existsSync(target), 'no sweep folder is made');
});

test.run();
