import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../runtime/backends/index.js';
import { loadDataset } from '../../runtime/data/index.js';
import { initializeWeights } from '../../runtime/layers/initialize.js';
import type { Batch, TrainerProgram } from '../../runtime/program.js';
import { createRng } from '../../runtime/random.js';
import { emittedProgram } from '../harness/emitted-program.js';

/**
 * Step 0 under each init scheme, against the frameworks' own (test/fixtures/parity/
 * init_statistics.json, from scripts/parity/init_statistics.py with PyTorch 1.13): every weight's
 * standard deviation averaged over 20 seeds, and D(x) on the first real batch for each seed.
 */

interface SchemeStatistics {
  std: number[];
  dReal: number[];
}

const root = join(__dirname, '..', '..');
const reference = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'parity', 'init_statistics.json'), 'utf8')) as {
  seeds: number;
  seed_a_mlp: Record<'pytorch' | 'keras', SchemeStatistics>;
  seed_b5_dcgan: Record<'dcgan', SchemeStatistics>;
};

test.before(async () => {
  await selectBackend('wasm');
});

/** The spec with `init = <scheme>` on every layer that takes it (its weight layers and norms). */
function withInit(spec: string, scheme: string): string {
  return spec.replace(/^(\s*)(dense|conv2d_transpose|conv2d|batch_norm)\b(\(([^()]*)\))?/gm, (_all, indent: string, kind: string, _args: string, inner?: string) =>
    `${indent}${kind}(${inner ? `${inner}, ` : ''}init = ${scheme})`,
  );
}

function statistics(program: TrainerProgram, seeds: number): SchemeStatistics {
  const { data } = program.spec;
  const [real] = loadDataset({ ...data, shuffle: false }, { split: 'train', limit: data.batchSize }).batches(data.batchSize, createRng(0), true) as Iterable<Batch>;
  let sums: number[] | undefined;
  const dReal: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const G = program.buildGenerator();
    const D = program.buildDiscriminator();
    const rng = createRng(seed);
    initializeWeights(G, rng);
    initializeWeights(D, rng);
    const stds = [...G.trainableWeights, ...D.trainableWeights].map((w) => tf.tidy(() => tf.moments(w.read()).variance.sqrt().dataSync()[0]));
    sums = sums === undefined ? stds : sums.map((s, i) => s + stds[i]);
    // In training mode, as the first step sees it (batch norm on the batch's statistics).
    dReal.push(tf.tidy(() => (D.apply(real.images, { training: true }) as tf.Tensor).mean().dataSync()[0]));
    G.dispose();
    D.dispose();
  }
  return { std: (sums ?? []).map((s) => s / seeds), dReal };
}

/** A weight with one value has no spread; one initialised to a constant has none either. */
function compareStds(ours: number[], theirs: number[], what: string): void {
  assert.is(ours.length, theirs.length, `${what}: number of weights`);
  ours.forEach((std, i) => {
    if (theirs[i] < 1e-6) assert.ok(std < 1e-6, `${what} weight ${i}: std ${std}, the framework's is 0`);
    else assert.ok(Math.abs(std - theirs[i]) / theirs[i] < 0.05, `${what} weight ${i}: std ${std.toExponential(3)} against ${theirs[i].toExponential(3)}`);
  });
}

/**
 * D(x) over the seeds, drawn from another generator than the framework's: the same mean (within
 * 0.05) and the same spread (standard deviation within a factor 1.6, as 20 draws allow).
 */
function compareDReal(ours: number[], theirs: number[], what: string): void {
  const summary = (xs: number[]) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return { mean, sd: Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)), min: Math.min(...xs), max: Math.max(...xs) };
  };
  const a = summary(ours);
  const b = summary(theirs);
  const range = `ganc ${a.min.toFixed(2)}-${a.max.toFixed(2)}, framework ${b.min.toFixed(2)}-${b.max.toFixed(2)}`;
  assert.ok(Math.abs(a.mean - b.mean) < 0.05, `${what}: mean D(x) ${a.mean.toFixed(3)} against ${b.mean.toFixed(3)} (${range})`);
  assert.ok(a.sd / b.sd < 1.6 && b.sd / a.sd < 1.6, `${what}: D(x)'s spread over seeds ${a.sd.toFixed(3)} against ${b.sd.toFixed(3)} (${range})`);
}

const seedA = readFileSync(join(root, 'specs', 'seed_a_mlp.gan'), 'utf8');
const b5 = readFileSync(join(root, 'specs', 'seed_b5_dcgan.gan'), 'utf8');

for (const [name, text, scheme, expected] of [
  ['seed A', seedA, 'pytorch', reference.seed_a_mlp.pytorch],
  ['seed A', seedA, 'keras', reference.seed_a_mlp.keras],
  ['seed B5', b5, 'dcgan', reference.seed_b5_dcgan.dcgan],
] as const) {
  test(`${name} under init ${scheme}: every weight's spread and D(x) at step 0 as the framework draws them`, () => {
    const program = emittedProgram(`specs/${name === 'seed A' ? 'seed_a_mlp' : 'seed_b5_dcgan'}.gan`, withInit(text, scheme));
    const ours = statistics(program, reference.seeds);
    compareStds(ours.std, expected.std, `${name} ${scheme}`);
    compareDReal(ours.dReal, expected.dReal, `${name} ${scheme}`);
  });
}

test.run();
