import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CheckpointManifest } from '../../../runtime/checkpoint/manifest.js';
import { runTrainer } from '../../../runtime/index.js';
import { captured } from './capture.js';
import { seedAProgram } from './programs.js';

/**
 * A run folder broken in the ways checkpoint-integrity.test.ts does not cover (each used to end
 * in `internal error:` and a stack, exit 70, or a message naming nothing): each resume exits 1
 * with a line naming the file and what is wrong with it.
 */

let original = '';
const train = (run: string, ...flags: string[]) => captured(() => runTrainer(seedAProgram(), ['--backend', 'cpu', '--out', run, ...flags]));
const checkpoint = (run: string) => join(run, 'checkpoints', 'step_00000001');

test.before(async () => {
  original = mkdtempSync(join(tmpdir(), 'ganc-corrupt-'));
  const first = await train(original, '--limit', '16', '--steps', '1', '--epochs', '10');
  assert.is(first.exitCode, 0, first.stderr);
});
test.after(() => rmSync(original, { recursive: true, force: true }));

/** Rewrites a checkpoint file and its manifest entry, so the checksum holds and only the content is wrong. */
function rewriteWithChecksum(run: string, file: string, content: string): void {
  const bytes = Buffer.from(content);
  writeFileSync(join(checkpoint(run), file), bytes);
  const manifestPath = join(checkpoint(run), 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CheckpointManifest;
  manifest.files[file] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  writeFileSync(manifestPath, JSON.stringify(manifest));
}

const cases: [string, (run: string) => void, (run: string) => string][] = [
  [
    'checkpoints/ is a file',
    (run) => {
      rmSync(join(run, 'checkpoints'), { recursive: true });
      writeFileSync(join(run, 'checkpoints'), 'x');
    },
    (run) => `error: ${join(run, 'checkpoints')} is a file; a run keeps its checkpoints in a folder of that name`,
  ],
  [
    'metrics.jsonl is a folder',
    (run) => {
      rmSync(join(run, 'metrics.jsonl'));
      mkdirSync(join(run, 'metrics.jsonl'));
    },
    (run) => `error: cannot read ${join(run, 'metrics.jsonl')}: it is a folder (EISDIR)`,
  ],
  [
    'metrics.jsonl with a broken line before the last',
    (run) => writeFileSync(join(run, 'metrics.jsonl'), '{"step":1}\n{"st\n{"step":1}\n'),
    (run) => `error: ${join(run, 'metrics.jsonl')}, line 2: not a JSON metrics record (only the last line may be cut short, by a run killed mid-write)`,
  ],
  [
    'trainer.lock is a folder',
    (run) => mkdirSync(join(run, 'trainer.lock')),
    (run) => `error: cannot read the run's lock ${join(run, 'trainer.lock')}: it is a folder (EISDIR)`,
  ],
  [
    'weights.bin is a folder',
    (run) => {
      rmSync(join(checkpoint(run), 'generator', 'weights.bin'));
      mkdirSync(join(checkpoint(run), 'generator', 'weights.bin'));
    },
    (run) => `warning: a newer checkpoint does not verify (${join(checkpoint(run), 'generator', 'weights.bin')}: not a file); no checkpoint of this run verifies`,
  ],
  [
    'model.json that is not JSON, with a matching checksum',
    (run) => rewriteWithChecksum(run, 'generator/model.json', '{'),
    (run) => `warning: a newer checkpoint does not verify (${join(checkpoint(run), 'generator', 'model.json')}: not valid JSON (`,
  ],
  [
    'state.json without its fields, with a matching checksum',
    (run) => rewriteWithChecksum(run, 'state.json', JSON.stringify({ format: 2, name: 'seed_a_mlp', epoch: 1 })),
    (run) =>
      `error: ${join(checkpoint(run), 'state.json')} lacks iteration, step, epochs, iterationsPerEpoch, batchSize, limit, seed, rng, fixedNoise, history, monitors, generator: not a state a ganc trainer wrote`,
  ],
];

for (const [name, corrupt, expected] of cases) {
  test(`${name}: resume exits 1 naming the file and what is wrong`, async () => {
    const run = mkdtempSync(join(tmpdir(), 'ganc-corrupt-copy-'));
    cpSync(original, run, { recursive: true });
    corrupt(run);
    const resumed = await train(run, '--resume', '--steps', '2');
    assert.is(resumed.exitCode, 1, resumed.stderr);
    assert.ok(resumed.stderr.startsWith(expected(run)), resumed.stderr);
    assert.not.match(resumed.stderr, /internal error|\n\s+at .+:\d+:\d+/);
    rmSync(run, { recursive: true, force: true });
  });
}

test.run();
