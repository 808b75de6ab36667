import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../runtime/backends/index.js';
import { modelFolderHandler, runTrainer } from '../../runtime/index.js';
import { captured, pngSize, readMetrics } from '../runtime/train/capture.js';
import { seedAProgram, wganGpProgram } from '../runtime/train/programs.js';

test.before(async () => {
  await selectBackend('cpu');
});

const runFolder = () => mkdtempSync(join(tmpdir(), 'ganc-run-'));
const train = (program = seedAProgram(), ...flags: string[]) => captured(() => runTrainer(program, ['--backend', 'cpu', ...flags]));
const losses = (folder: string) => readMetrics(readFileSync(join(folder, 'metrics.jsonl'), 'utf8')).map((m) => [m.step, m.lossD, m.lossG]);

test('a smoke run of seed A writes sample grids, the loss plot, metrics and loadable checkpoints', async () => {
  const out = runFolder();
  const tensorsBefore = tf.memory().numTensors;
  // 32 images in batches of 16: 2 iterations per epoch, so step 3 stops inside epoch 2.
  const run = await train(seedAProgram({}, 'seed'), '--out', out, '--limit', '32', '--steps', '3');
  assert.is(run.exitCode, 0, run.stderr);
  assert.is(tf.memory().numTensors, tensorsBefore, 'every tensor of the run is disposed');
  assert.match(run.stdout, /^backend: cpu/m);
  assert.match(run.stdout, /\[1\/2\]\[2\/2\] Loss_D: \d+\.\d{4} Loss_G: \d+\.\d{4} D\(x\): \d\.\d{4} D\(G\(z\)\): \d\.\d{4} \/ \d\.\d{4} Acc real: [\d.]+% fake: [\d.]+%/);

  const files = readdirSync(out).sort();
  assert.equal(files, ['checkpoints', 'd_hist_epoch_0001.png', 'image_at_epoch_0001.png', 'image_at_step_00000003.png', 'losses.png', 'metrics.csv', 'metrics.jsonl']);
  // A 2 x 8 grid of 28 x 28 tiles with 2-pixel gaps, drawn 4x to be seen.
  assert.equal(pngSize(readFileSync(join(out, 'image_at_epoch_0001.png'))), { width: 4 * (8 * 30 + 2), height: 4 * (2 * 30 + 2) });
  assert.ok(pngSize(readFileSync(join(out, 'losses.png'))));

  const metrics = readMetrics(readFileSync(join(out, 'metrics.jsonl'), 'utf8'));
  assert.equal(metrics.map((m) => [m.epoch, m.iteration, m.step]), [[1, 1, 1], [1, 2, 2], [2, 1, 3]]);
  assert.ok(metrics.every((m) => Number.isFinite(m.lossD) && Number.isFinite(m.lossG) && m.dReal > 0 && m.dReal < 1));

  assert.equal(readdirSync(join(out, 'checkpoints')), ['step_00000002', 'step_00000003']);
  const checkpoint = join(out, 'checkpoints', 'step_00000003');
  const generator = await tf.loadLayersModel(modelFolderHandler(join(checkpoint, 'generator')));
  const discriminator = await tf.loadLayersModel(modelFolderHandler(join(checkpoint, 'discriminator')));
  const image = generator.predict(tf.zeros([1, 100])) as tf.Tensor;
  assert.equal(image.shape, [1, 28, 28, 1]);
  assert.equal((discriminator.predict(image) as tf.Tensor).shape, [1, 1]);
  assert.ok(existsSync(join(checkpoint, 'optimizers', 'generator.bin')));
  const state = JSON.parse(readFileSync(join(checkpoint, 'state.json'), 'utf8'));
  assert.equal([state.epoch, state.iteration, state.step], [1, 1, 3]);
});

test('the same seed gives the same losses; another seed does not', async () => {
  const [a, b, c] = [runFolder(), runFolder(), runFolder()];
  await train(seedAProgram(), '--out', a, '--limit', '32', '--steps', '2');
  await train(seedAProgram(), '--out', b, '--limit', '32', '--steps', '2');
  await train(seedAProgram(), '--out', c, '--limit', '32', '--steps', '2', '--seed', '7');
  assert.equal(losses(a), losses(b));
  // Stopped right at an epoch's end: the epoch's grid and checkpoint serve, nothing is doubled.
  assert.equal(readdirSync(a).filter((f) => f.endsWith('.png')).sort(), ['d_hist_epoch_0001.png', 'image_at_epoch_0001.png', 'losses.png']);
  assert.equal(readdirSync(join(a, 'checkpoints')), ['step_00000002']);
  assert.is.not(losses(a)[0][1], losses(c)[0][1]);
});

test('a WGAN-GP run with a spectrally normalised critic trains and checkpoints', async () => {
  const out = runFolder();
  const run = await train(wganGpProgram(), '--out', out, '--limit', '64', '--steps', '2');
  assert.is(run.exitCode, 0, run.stderr);
  const metrics = readMetrics(readFileSync(join(out, 'metrics.jsonl'), 'utf8'));
  assert.is(metrics.length, 2);
  assert.ok(metrics.every((m) => Number.isFinite(m.lossD) && Number.isFinite(m.lossG)));
  const critic = await tf.loadLayersModel(modelFolderHandler(join(out, 'checkpoints', 'step_00000002', 'discriminator')));
  assert.ok(critic.layers.some((layer) => layer.getClassName() === 'SpectralNorm'));
});

test('bad flags and impossible requests exit non-zero with one clear message', async () => {
  const out = runFolder();
  const cases: [string[], number, RegExp][] = [
    [['--epochs', '0'], 2, /--epochs must be a positive whole number/],
    [['--minutes', '-1'], 2, /--minutes must be a positive number, got -1/],
    [['--backend', 'gpu'], 2, /Invalid values:\s+Argument: backend, Given: "gpu"/],
    [['--bogus'], 2, /unknown flag `--bogus`/],
    [['--resume', '--out', out], 1, /holds no checkpoint to continue from/],
    [['--out', out, '--limit', '8'], 1, /8 images are too few for one step of 1 batch\(es\) of 16/],
  ];
  for (const [flags, code, message] of cases) {
    const run = await captured(() => runTrainer(seedAProgram(), ['--backend', 'cpu', ...flags]));
    assert.is(run.exitCode, code, flags.join(' '));
    assert.match(run.stderr, message);
    assert.not.match(run.stderr, /\n\s+at /, 'no stack trace');
  }
  const help = await captured(() => runTrainer(seedAProgram(), ['--help']));
  assert.is(help.exitCode, 0);
  assert.match(help.stdout, /--resume/);
});

test('--minutes stops the run once the time is up, saving samples and a checkpoint', async () => {
  const out = runFolder();
  // 6 ms: gone after the first step at the latest (on a slow machine, before it).
  const run = await train(seedAProgram(), '--out', out, '--limit', '64', '--minutes', '0.0001');
  assert.is(run.exitCode, 0, run.stderr);
  const stopped = /stopped after (\d+) steps \(--minutes\); continue with --resume/.exec(run.stdout);
  assert.ok(stopped, run.stdout);
  const steps = Number(stopped[1]);
  assert.ok(steps <= 1, `${steps} steps`);
  const name = String(steps).padStart(8, '0');
  assert.equal(readdirSync(join(out, 'checkpoints')), [`step_${name}`]);
  assert.ok(existsSync(join(out, `image_at_step_${name}.png`)));
});

test('SIGTERM during a step finishes it, saves, and exits 0 ready to resume', async () => {
  const out = runFolder();
  const program = seedAProgram();
  const step = program.trainStep;
  let steps = 0;
  // The signal arrives in the middle of the second step, as a scheduler's would.
  program.trainStep = (iteration) => {
    if (++steps === 2) process.emit('SIGTERM', 'SIGTERM');
    return step(iteration);
  };
  const run = await train(program, '--out', out, '--limit', '64');
  assert.is(run.exitCode, 0, run.stderr);
  assert.match(run.stdout, /SIGTERM: saving after this step/);
  assert.match(run.stdout, /stopped after 2 steps \(SIGTERM\); continue with --resume/);
  assert.equal(readdirSync(join(out, 'checkpoints')), ['step_00000002']);
  assert.is(process.listenerCount('SIGTERM'), 0, 'the handler is gone once the run ends');
});

test('a fresh run refuses a folder that already holds one', async () => {
  const out = runFolder();
  await train(seedAProgram(), '--out', out, '--limit', '16', '--steps', '1');
  const again = await train(seedAProgram(), '--out', out, '--limit', '16', '--steps', '1');
  assert.is(again.exitCode, 2);
  assert.match(again.stderr, /already holds a run .*pass --resume/);
});

test.run();
