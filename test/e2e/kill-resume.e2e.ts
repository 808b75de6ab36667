import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CheckpointManifest } from '../../runtime/checkpoint/manifest.js';
import { checkpointFolder, checkpointNames, lockOf, startTrainer } from './trainer-process.js';

/**
 * kill -9 at random moments and at chosen moments inside a checkpoint write, then --resume:
 * the run ends with exactly the losses (metrics.jsonl, every step's in state.json) and the
 * weights of a run never interrupted. Seed A's generated trainer on wasm, 12 steps of 16 MNIST
 * images (checkpoints at steps 5 and 10, and 12 where --steps stops it).
 * GANC_FAULT_SEED replays a failing run's kill times.
 */

const STEPS = 12;
const scratch = mkdtempSync(join(tmpdir(), 'ganc-kill-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

interface Outcome {
  metrics: string;
  history: unknown;
  weights: Record<string, string>;
}

/** What the finished run left: its metrics, the last checkpoint's loss history and its files' sha256. */
function outcomeOf(out: string): Outcome {
  const last = checkpointFolder(out, STEPS);
  const manifest = JSON.parse(readFileSync(join(last, 'manifest.json'), 'utf8')) as CheckpointManifest;
  const state = JSON.parse(readFileSync(join(last, 'state.json'), 'utf8')) as { history: unknown };
  const weights = Object.fromEntries(Object.entries(manifest.files).filter(([file]) => file.endsWith('.bin')).map(([file, entry]) => [file, entry.sha256]));
  return { metrics: readFileSync(join(out, 'metrics.jsonl'), 'utf8'), history: state.history, weights };
}

/** Runs (or resumes, when a checkpoint exists) to the end. */
async function finish(out: string): Promise<{ stdout: string; stderr: string }> {
  const resume = checkpointNames(out).some((name) => name.startsWith('step_'));
  const exit = await startTrainer(out, ['--steps', String(STEPS), ...(resume ? ['--resume'] : [])]).exited;
  assert.is(exit.code, 0, exit.stderr);
  assert.not.ok(existsSync(join(out, 'trainer.lock')), 'the lock is released');
  return exit;
}

let reference: Outcome;
/** How long the uninterrupted run trained, from its banner to its exit: the span the random kills fall in. */
let trainingMs = 0;

test.before(async () => {
  const out = join(scratch, 'uninterrupted');
  const trainer = startTrainer(out, ['--steps', String(STEPS)]);
  await trainer.printed(/^run folder: /m);
  const started = Date.now();
  const exit = await trainer.exited;
  trainingMs = Date.now() - started;
  assert.is(exit.code, 0, exit.stderr);
  reference = outcomeOf(out);
  assert.is(reference.metrics.trim().split('\n').length, STEPS);
});

const moments: [string, string][] = [
  ['write:12', "half-way through the second checkpoint's generator/weights.bin"],
  ['write:20', "half-way through the second checkpoint's manifest.json"],
  ['rename:2', 'with the second checkpoint written whole, before its rename'],
];

for (const [at, moment] of moments) {
  test(`kill -9 ${moment} (GANC_KILL_AT=${at}): --resume passes it over and ends as the uninterrupted run`, async () => {
    const out = join(scratch, at.replace(':', '-'));
    const killed = startTrainer(out, ['--steps', String(STEPS)], { preload: join(__dirname, 'kill-during-checkpoint.cjs'), env: { GANC_KILL_AT: at } });
    const exit = await killed.exited;
    assert.is(exit.signal, 'SIGKILL', exit.stderr);
    const temporary = `.step_00000010.${killed.pid}.tmp`;
    assert.equal(checkpointNames(out), [temporary, 'step_00000005']);
    assert.is(lockOf(out)?.pid, killed.pid, 'the killed trainer left its lock');

    const resumed = await finish(out);
    assert.match(resumed.stderr, `note: ${join(out, 'trainer.lock')} was left by process ${killed.pid}`);
    assert.match(resumed.stderr, `note: removed ${join(out, 'checkpoints', temporary)}, left by process ${killed.pid}, which is no longer running`);
    assert.match(resumed.stdout, /resuming from .*step_00000005 \(epoch 6, iteration 0, step 5\)/);
    assert.equal(outcomeOf(out), reference);
    assert.equal(checkpointNames(out), ['step_00000005', 'step_00000010', 'step_00000012']);
  });
}

/** mulberry32: the kill times, replayable from the printed seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('kill -9 at random moments, four times, resuming after each: the run ends as the uninterrupted one', async () => {
  const seed = Number(process.env.GANC_FAULT_SEED ?? Date.now() % 1_000_000);
  process.stdout.write(`\nGANC_FAULT_SEED=${seed}\n`);
  const next = random(seed);
  const out = join(scratch, 'random');
  for (let kill = 0; kill < 4; kill++) {
    const resume = checkpointNames(out).some((name) => name.startsWith('step_'));
    const trainer = startTrainer(out, ['--steps', String(STEPS), ...(resume ? ['--resume'] : [])]);
    // Once it trains, at any moment of the time the whole run trained: steps, grids, metrics, checkpoints.
    await trainer.printed(/^run folder: /m);
    const delay = Math.round(next() * trainingMs);
    await new Promise((resolve) => setTimeout(resolve, delay));
    trainer.child.kill('SIGKILL');
    const exit = await trainer.exited;
    const logged = /^\[(\d+)\/50\]/gm;
    const steps = [...exit.stdout.matchAll(logged)].map((match) => Number(match[1]));
    process.stdout.write(
      `kill ${kill + 1}: ${delay} of ${trainingMs} ms into training (${exit.signal ?? `exit ${exit.code}`}), ` +
        `last step logged ${steps.pop() ?? 'none'}, checkpoints: ${checkpointNames(out).join(' ') || 'none'}\n`,
    );
  }
  const resumed = await finish(out);
  assert.equal(outcomeOf(out), reference);
  assert.equal(readdirSync(out).filter((entry) => entry.endsWith('.tmp')), [], resumed.stderr);
});

test.run();
