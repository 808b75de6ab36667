import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exited, ganCli, mnist, root, scratch, startGanc, startRedis } from './harness.js';

/**
 * Seed B8's own sweep, made small: the spec as committed with its grid of 12 trials drawn down to
 * `random(n = 2, seed = 8)` over the same targets, one step of each trial on 128 images (wasm),
 * run here and on a BullMQ worker. Both give every trial a finite FID from `ganc eval`.
 */

const b8 = readFileSync(join(root, 'specs', 'seed_b8_dcgan.gan'), 'utf8');
const sweepAt = b8.indexOf('sweep grid(');
const small = `${b8.slice(0, sweepAt)}sweep random(n = 2, seed = 8) {\n  epochs = [25, 50, 200]\n  batch = [64, 128]\n  optimizer.lr = log_uniform(1e-4, 3e-4)\n}\n`;
const folder = scratch('ganc-sweep-b8-');
const spec = join(folder, 'seed_b8_small.gan');
const flags = ['--steps', '1', '--limit', '128', '--backend', 'wasm', '--data-dir', mnist, '--eval-n', '50'];

interface Board {
  trials: { name: string; status: string; steps: number; fid?: number; values: { target: string; text: string }[] }[];
}

test('the small B8 sweep checks clean: 2 drawn trials over epochs, batch and learning rate', async () => {
  assert.ok(sweepAt > 0, 'B8 carries a sweep');
  writeFileSync(spec, small);
  const checked = await ganCli(['check', '--json', spec]);
  assert.is(checked.code, 0, checked.stderr);
  const trials = (JSON.parse(checked.stdout) as { files: { sweep: { trials: { ok: boolean; values: { target: string }[] }[] } }[] }).files[0].sweep.trials;
  assert.is(trials.length, 2);
  assert.ok(trials.every((t) => t.ok && t.values.map((v) => v.target).join() === 'epochs,batch,optimizer.lr'));
});

test('the small B8 sweep runs here, each trial ending with a finite FID', async () => {
  const out = join(folder, 'local');
  const ran = await ganCli(['sweep', spec, '--parallel', '2', '--out', out, ...flags]);
  assert.is(ran.code, 0, ran.stderr.slice(-3000));
  const board = JSON.parse(readFileSync(join(out, 'leaderboard.json'), 'utf8')) as Board;
  assert.equal(board.trials.map((t) => [t.status, t.steps]), [['finished', 1], ['finished', 1]]);
  for (const t of board.trials) assert.ok(Number.isFinite(t.fid), t.name);
});

test('the small B8 sweep runs on a BullMQ worker against a real Redis', async () => {
  const redis = await startRedis();
  const worker = startGanc(['worker', '--queue', redis.url, '--work', join(folder, 'work')]);
  try {
    const out = join(folder, 'queued');
    const ran = await ganCli(['sweep', spec, '--queue', redis.url, '--out', out, ...flags]);
    assert.is(ran.code, 0, ran.stderr.slice(-3000) + worker.output().slice(-2000));
    const board = JSON.parse(readFileSync(join(out, 'leaderboard.json'), 'utf8')) as Board;
    assert.equal(board.trials.map((t) => [t.status, t.steps]), [['finished', 1], ['finished', 1]]);
    for (const t of board.trials) assert.ok(Number.isFinite(t.fid), t.name);
    // The same trials as the local sweep: the same draws, the same spec, the same figures.
    const local = JSON.parse(readFileSync(join(folder, 'local', 'leaderboard.json'), 'utf8')) as Board;
    const byName = (b: Board) => Object.fromEntries(b.trials.map((t) => [t.name, [t.values.map((v) => v.text).join(' '), t.fid]]));
    assert.equal(byName(board), byName(local));
  } finally {
    worker.kill('SIGTERM');
    await exited(worker);
    await redis.stop();
  }
});

test.run();
