import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../cli/main.js';
import { runTrainer, writeSampleGrid } from '../../../runtime/index.js';
import { captured, pngSize } from './capture.js';
import { conditionalProgram, seedAProgram } from './programs.js';

async function rejects(fn: () => Promise<unknown>, message: RegExp): Promise<void> {
  try {
    await fn();
  } catch (error) {
    assert.match((error as Error).message, message);
    return;
  }
  assert.unreachable(`expected a rejection matching ${message}`);
}

let conditionalRun: string;
let plainRun: string;

test.before(async () => {
  conditionalRun = mkdtempSync(join(tmpdir(), 'ganc-sample-'));
  plainRun = mkdtempSync(join(tmpdir(), 'ganc-sample-'));
  await captured(() => runTrainer(conditionalProgram(), ['--backend', 'cpu', '--out', conditionalRun, '--limit', '16', '--steps', '1']));
  await captured(() => runTrainer(seedAProgram(), ['--backend', 'cpu', '--out', plainRun, '--limit', '16', '--steps', '1']));
});

test('ganc sample writes a near-square grid from a run folder\'s latest checkpoint, one class when asked', async () => {
  const output = join(conditionalRun, 'sevens.png');
  const result = await writeSampleGrid(conditionalRun, { count: 10, output, label: 7 });
  assert.match(result.checkpoint, /checkpoints\/step_00000001$/);
  assert.equal([result.rows, result.cols], [3, 4]);
  assert.equal(pngSize(readFileSync(output)), { width: 4 * 30 + 2, height: 3 * 30 + 2 });
});

test('the same seed draws the same images; labels are checked against the classes', async () => {
  const [a, b] = [join(plainRun, 'a.png'), join(plainRun, 'b.png')];
  await writeSampleGrid(join(plainRun, 'checkpoints', 'step_00000001'), { count: 4, output: a, seed: 3 });
  await writeSampleGrid(plainRun, { count: 4, output: b, seed: 3 });
  assert.equal(readFileSync(a), readFileSync(b));
  await rejects(() => writeSampleGrid(plainRun, { count: 4, output: a, label: 1 }), /--label needs a conditional generator/);
  await rejects(() => writeSampleGrid(conditionalRun, { count: 4, output: a, label: 10 }), /--label must be a class from 0 to 9/);
});

test('the ganc sample command is wired into the CLI and reports user errors plainly', async () => {
  const output = join(conditionalRun, 'cli.png');
  const ok = await captured(() => main(['sample', conditionalRun, '-n', '6', '-o', output, '--backend', 'cpu']));
  assert.is(ok.exitCode, 0, ok.stderr);
  assert.ok(existsSync(output));
  assert.match(ok.stdout, /wrote .*cli\.png: 6 images in a 2x3 grid/);
  const missing = await captured(() => main(['sample', join(conditionalRun, 'nowhere'), '--backend', 'cpu']));
  assert.is(missing.exitCode, 1);
  assert.match(missing.stderr, /^error: .*nowhere does not exist/m);
});

test.run();
