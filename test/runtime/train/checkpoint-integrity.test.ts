import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runTrainer, writeSampleGrid } from '../../../runtime/index.js';
import { TRAINING_FILES, verifyCheckpoint, type CheckpointManifest } from '../../../runtime/checkpoint/manifest.js';
import { captured } from './capture.js';
import { mlpGenerator, seedAProgram } from './programs.js';

/**
 * Real checkpoints of a real run (seed A, narrow, on MNIST bytes: step 1, then resumed to step
 * 2), each test on a copy: a corrupt, truncated or NaN-filled file of each kind, an empty newer
 * step folder, a spec with other activations, stale temporary folders. Each must give its clear
 * error naming the file, or a fallback said in one line, and never a stack trace.
 */

let original = '';
const step = (run: string, n: number) => join(run, 'checkpoints', `step_${String(n).padStart(8, '0')}`);
const train = (run: string, ...flags: string[]) => captured(() => runTrainer(seedAProgram(), ['--backend', 'cpu', '--out', run, ...flags]));
const bin = join(__dirname, '..', '..', '..', 'bin', 'ganc.cjs');

test.before(async () => {
  original = mkdtempSync(join(tmpdir(), 'ganc-integrity-'));
  const first = await train(original, '--limit', '32', '--steps', '1');
  assert.is(first.exitCode, 0, first.stderr);
  const second = await train(original, '--resume', '--steps', '2');
  assert.is(second.exitCode, 0, second.stderr);
});
test.after(() => rmSync(original, { recursive: true, force: true }));

/** A fresh copy of the two-checkpoint run. */
function copyRun(): string {
  const run = mkdtempSync(join(tmpdir(), 'ganc-integrity-copy-'));
  cpSync(original, run, { recursive: true });
  return run;
}

/** Resumes to step 3 and returns what it printed. */
const resume = (run: string) => train(run, '--resume', '--steps', '3');

function flipByte(path: string): void {
  const bytes = readFileSync(path);
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  writeFileSync(path, bytes);
}

/** Rewrites a file and its manifest entry, as a trainer that saved these bytes would have: the checksum holds, the content is bad. */
function rewriteWithChecksum(checkpoint: string, file: string, bytes: Buffer): void {
  writeFileSync(join(checkpoint, file), bytes);
  const manifestPath = join(checkpoint, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CheckpointManifest;
  manifest.files[file] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  writeFileSync(manifestPath, JSON.stringify(manifest));
}

const noStack = (text: string) => assert.not.match(text, /internal error|\n\s+at .+:\d+:\d+/);

test('a checkpoint lists every file with its size and sha256, and the fingerprint of both networks and the loss', () => {
  const verified = verifyCheckpoint(step(original, 2), TRAINING_FILES);
  assert.ok(verified.ok, verified.ok ? '' : verified.problem);
  if (!verified.ok) return;
  const { files, fingerprint } = verified.manifest;
  assert.equal(Object.keys(files).sort(), [...TRAINING_FILES].sort());
  for (const [file, { bytes, sha256 }] of Object.entries(files)) {
    const content = readFileSync(join(step(original, 2), file));
    assert.is(content.length, bytes, file);
    assert.is(createHash('sha256').update(content).digest('hex'), sha256, file);
  }
  assert.is(fingerprint.scores, 'probability');
  assert.equal(fingerprint.optimizers, { generator: 'Adam', discriminator: 'Adam' });
  const lastDense = fingerprint.networks.generator.filter((layer) => layer.className === 'Dense').pop();
  assert.is((lastDense?.config as { activation: string }).activation, 'tanh');
  assert.not.match(JSON.stringify(fingerprint.networks), /"name"|Initializer/);
});

for (const file of TRAINING_FILES) {
  test(`a changed ${file} in the newest checkpoint: resume names it and falls back to the one before, in one line`, async () => {
    const run = copyRun();
    flipByte(join(step(run, 2), file));
    const resumed = await resume(run);
    assert.is(resumed.exitCode, 0, resumed.stderr);
    const warnings = resumed.stderr.split('\n').filter((line) => line.startsWith('warning: a newer checkpoint'));
    assert.is(warnings.length, 1, resumed.stderr);
    assert.match(warnings[0], `${join(step(run, 2), file)}: checksum mismatch`);
    assert.match(warnings[0], `using ${step(run, 1)}, the newest that verifies`);
    assert.match(resumed.stdout, /resuming from .*step_00000001 \(epoch 1, iteration 1, step 1\)/);
    rmSync(run, { recursive: true, force: true });
  });
}

test('a truncated weights.bin: sample and eval exit 1 with one line naming the file, resume falls back', async () => {
  const run = copyRun();
  const weights = join(step(run, 2), 'generator', 'weights.bin');
  const size = readFileSync(weights).length;
  truncateSync(weights, 1000);
  const expected = `${weights}: truncated: expected ${size} bytes, found 1000`;
  for (const command of [['sample', step(run, 2), '-o', join(run, 'x.png')], ['eval', step(run, 2), '-n', '10']]) {
    const result = spawnSync(process.execPath, [bin, ...command, '--backend', 'cpu'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.is(result.status, 1, `${command[0]}: ${result.stderr}`);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('error'));
    assert.equal(errors, [`error: ${expected}`], command[0]);
    noStack(result.stderr);
  }
  const resumed = await resume(run);
  assert.is(resumed.exitCode, 0, resumed.stderr);
  assert.match(resumed.stderr, expected);
  rmSync(run, { recursive: true, force: true });
});

test('NaN or infinite weights are refused at load, naming the file and the tensor, even with a matching checksum', async () => {
  const run = copyRun();
  const weightsFile = 'generator/weights.bin';
  const nan = readFileSync(join(step(run, 2), weightsFile));
  nan.writeFloatLE(NaN, 4 * 5);
  rewriteWithChecksum(step(run, 2), weightsFile, nan);
  const modelJson = JSON.parse(readFileSync(join(step(run, 2), 'generator', 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string }[] }[] };
  const firstTensor = modelJson.weightsManifest[0].weights[0].name;
  try {
    await writeSampleGrid(step(run, 2), { count: 4, output: join(run, 'x.png') });
    assert.unreachable('sampling NaN weights should fail');
  } catch (error) {
    assert.is((error as Error).message, `${join(step(run, 2), weightsFile)}: tensor ${firstTensor} holds NaN at index 5`);
  }
  const moments = readFileSync(join(step(run, 1), 'optimizers', 'discriminator.bin'));
  moments.writeFloatLE(Infinity, moments.length - 4);
  rewriteWithChecksum(step(run, 1), 'optimizers/discriminator.bin', moments);
  const resumed = await resume(run);
  assert.is(resumed.exitCode, 1);
  assert.match(resumed.stderr, `${join(step(run, 2), weightsFile)}: tensor ${firstTensor} holds NaN at index 5`);
  assert.match(resumed.stderr, /optimizers\/discriminator\.bin: tensor .+ holds Infinity at index \d+/);
  assert.match(resumed.stderr, 'no checkpoint of this run verifies');
  assert.match(resumed.stderr, /error: --resume: .* holds no checkpoint to continue from/);
  rmSync(run, { recursive: true, force: true });
});

test('an empty newer step_99999999/ no longer blocks resume: it is passed over, said once', async () => {
  const run = copyRun();
  mkdirSync(step(run, 99999999));
  const resumed = await resume(run);
  assert.is(resumed.exitCode, 0, resumed.stderr);
  assert.match(resumed.stderr, `warning: a newer checkpoint does not verify (${join(step(run, 99999999), 'manifest.json')} is missing`);
  assert.match(resumed.stdout, /resuming from .*step_00000002 \(epoch 2, iteration 0, step 2\)/);
  try {
    await writeSampleGrid(step(run, 99999999), { count: 4, output: join(run, 'x.png') });
    assert.unreachable('sampling an empty checkpoint folder should fail');
  } catch (error) {
    assert.match((error as Error).message, `${join(step(run, 99999999), 'manifest.json')} is missing`);
  }
  rmSync(run, { recursive: true, force: true });
});

test('a spec with the same shapes but another activation, or another loss, is refused at resume with the differences', async () => {
  const run = copyRun();
  const sigmoid = await captured(() =>
    runTrainer({ ...seedAProgram(), buildGenerator: () => mlpGenerator(100, 'narrow', 'sigmoid') }, ['--backend', 'cpu', '--out', run, '--resume', '--steps', '3']),
  );
  assert.is(sigmoid.exitCode, 1);
  assert.match(sigmoid.stderr, `error: ${step(run, 2)} was saved by networks other than this trainer's: generator layer 8 (Dense): activation is "tanh" in the checkpoint, "sigmoid" here`);
  noStack(sigmoid.stderr);
  const logits = await captured(() => runTrainer(seedAProgram({ scores: 'logit' }), ['--backend', 'cpu', '--out', run, '--resume', '--steps', '3']));
  assert.is(logits.exitCode, 1);
  assert.match(logits.stderr, `D's output (the loss) is "probability" in the checkpoint, "logit" here`);
  assert.equal(readdirSync(join(run, 'checkpoints')), ['step_00000001', 'step_00000002']);
  rmSync(run, { recursive: true, force: true });
});

test("stale .step_*.tmp folders of dead trainers are removed at start; a running writer's is kept", async () => {
  const run = copyRun();
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    const stale = join(run, 'checkpoints', `.step_00000003.${dead}.tmp`);
    const live = join(run, 'checkpoints', `.step_00000003.${alive.pid}.tmp`);
    for (const folder of [stale, live]) {
      mkdirSync(join(folder, 'generator'), { recursive: true });
      writeFileSync(join(folder, 'generator', 'weights.bin'), Buffer.alloc(4096));
    }
    const resumed = await resume(run);
    assert.is(resumed.exitCode, 0, resumed.stderr);
    assert.not.ok(existsSync(stale));
    assert.ok(existsSync(live));
    assert.match(resumed.stderr, `note: removed ${stale}, left by process ${dead}, which is no longer running`);
  } finally {
    alive.kill();
    rmSync(run, { recursive: true, force: true });
  }
});

test('a checkpoint without a manifest (unfinished, or older than checksums) is named as such by sample', async () => {
  const run = copyRun();
  rmSync(join(step(run, 2), 'manifest.json'));
  try {
    await writeSampleGrid(step(run, 2), { count: 4, output: join(run, 'x.png') });
    assert.unreachable('sampling should fail');
  } catch (error) {
    assert.match((error as Error).message, `${join(step(run, 2), 'manifest.json')} is missing`);
  }
  rmSync(run, { recursive: true, force: true });
});

test.run();
