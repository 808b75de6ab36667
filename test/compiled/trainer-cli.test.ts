import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../cli/run-cli.js';
import { testDevice } from './gpu.js';

// Real training runs through the CLI on the compiled executor (SwiftShader without a GPU), on a
// tiny spec: the start-up line names the executor, the log and metrics.jsonl are the tfjs
// path's, and checkpoints interchange: a run saved on either executor and resumed on either goes
// on from the same weights, optimizer state and noise, as the unbroken run does.

const scratch = mkdtempSync(join(tmpdir(), 'ganc-compiled-train-'));
const tiny = 'test/fixtures/compiled/tiny_mlp.gan';

type Metrics = { step: number; lossD: number; lossG: number }[];

function train(out: string, executor: 'compiled' | 'tfjs', steps: number, resume = false, spec = tiny) {
  const args = ['train', spec, '--executor', executor, '--steps', String(steps), '--backend', 'cpu', '--limit', '16', '--out', out, ...(resume ? ['--resume'] : [])];
  const result = runCli(args, { timeoutMs: 300_000 });
  assert.is(result.status, 0, `${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
  return result;
}

function metrics(out: string): Metrics {
  return readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Metrics[number]);
}

/** Within 1e-4 relative. */
function close(a: number, b: number, what: string): void {
  assert.ok(Math.abs(a - b) <= 1e-4 * Math.abs(b), `${what}: ${a} vs ${b}`);
}

test.before(async () => {
  await testDevice(); // sets VK_ICD_FILENAMES to SwiftShader where no GPU driver is named
});

test('--executor compiled --steps 2: names the executor, logs as tfjs does, checkpoints; every step\'s figures reach the history', () => {
  const out = join(scratch, 'two');
  const result = train(out, 'compiled', 2);
  assert.match(result.stdout, /^executor: compiled \(.*tiny_mlp\.plan\.json, one command buffer per iteration on .+\)$/m);
  assert.match(result.stdout, /^\[1\/1\]\[2\/4\] Loss_D: \d+\.\d{4} Loss_G: \d+\.\d{4} D\(x\): \d\.\d{4} D\(G\(z\)\): \d\.\d{4} \/ \d\.\d{4} Acc real: [\d.]+% fake: [\d.]+%$/m);
  assert.match(result.stdout, /^checkpoint: .*step_00000002 /m);
  // log_every = 2: step 1's figures stayed on the GPU until step 2's log line read both.
  assert.not.match(result.stdout, /^\[1\/1\]\[1\/4\]/m);
  const logged = metrics(out);
  assert.equal(logged.map((m) => m.step), [2]);
  const state = JSON.parse(readFileSync(join(out, 'checkpoints', 'step_00000002', 'state.json'), 'utf8')) as { history: { lossD: number[]; lossG: number[] } };
  assert.is(state.history.lossD.length, 2);
  assert.is(state.history.lossD[1], logged[0].lossD);
  for (const loss of [...state.history.lossD, ...state.history.lossG]) assert.ok(Number.isFinite(loss) && loss > 0);
});

/** An unbroken 3-step compiled run's step-3 figures, run once. */
let unbroken: Metrics[number] | undefined;
function unbrokenStep3(): Metrics[number] {
  if (!unbroken) {
    const straight = join(scratch, 'straight');
    train(straight, 'compiled', 3);
    unbroken = at3(straight);
  }
  return unbroken;
}

const at3 = (out: string) => metrics(out).find((m) => m.step === 3)!;

/** Saves at step 2 on one executor, resumes on `then` to step 3: its step 3 as the unbroken compiled run's. */
function resumesAsUnbroken(first: 'compiled' | 'tfjs', then: 'compiled' | 'tfjs'): void {
  const out = join(scratch, `${first}-then-${then}`);
  train(out, first, 2);
  const resumed = train(out, then, 3, true);
  assert.match(resumed.stdout, new RegExp(`^executor: ${then} `, 'm'));
  const [a, b] = [unbrokenStep3(), at3(out)];
  assert.equal(metrics(out).map((m) => m.step), [2, 3]);
  close(b.lossD, a.lossD, `${first} -> ${then}: loss_D at step 3`);
  close(b.lossG, a.lossG, `${first} -> ${then}: loss_G at step 3`);
}

test('save on compiled, resume on compiled: step 3 as in an unbroken run (weights and Adam state through the TF.js checkpoint)', () => {
  resumesAsUnbroken('compiled', 'compiled');
});

// Both executors draw the step's noise from Philox keyed by seed, step and site: the next
// iteration after a resume on the other executor draws what the unbroken run drew.
test('save on compiled, resume on tfjs: step 3 as in an unbroken compiled run', () => {
  resumesAsUnbroken('compiled', 'tfjs');
});

test('save on tfjs, resume on compiled: step 3 as in an unbroken compiled run', () => {
  resumesAsUnbroken('tfjs', 'compiled');
});

test('g_fakes = fresh on a conditional spec: both executors draw G\'s fresh latents and classes alike, losses within 1e-4', () => {
  const spec = 'test/fixtures/compiled/tiny_cgan_fresh.gan';
  const [compiled, tfjs] = (['compiled', 'tfjs'] as const).map((executor) => {
    const out = join(scratch, `fresh-${executor}`);
    train(out, executor, 2, false, spec);
    return metrics(out);
  });
  assert.equal(compiled.map((m) => m.step), [1, 2]);
  compiled.forEach((m, i) => {
    close(m.lossD, tfjs[i].lossD, `loss_D at step ${m.step}`);
    close(m.lossG, tfjs[i].lossG, `loss_G at step ${m.step}`);
  });
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
