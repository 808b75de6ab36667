import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = join(__dirname, '..', '..');

test('ganc train passes SIGTERM on to the trainer, which saves before it exits', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'ganc-signal-')), 'run');
  const flags = ['--backend', 'wasm', '--batch-size', '16', '--limit', '64', '--epochs', '100000', '--out', out];
  const ganc = spawn(process.execPath, [join(root, 'bin', 'ganc.cjs'), 'train', 'specs/seed_a_mlp.gan', ...flags], { cwd: root });
  let stdout = '';
  let stderr = '';
  ganc.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => ganc.on('exit', (code) => done(code)));
  await new Promise<void>((training) => {
    ganc.stdout.on('data', (chunk) => {
      stdout += chunk;
      // The first log line means the loop (and its signal handler) is running.
      if (/^\[\d+\/100000\]/m.test(stdout)) training();
    });
  });
  ganc.kill('SIGTERM');
  const code = await exited;
  assert.is(code, 0, stderr);
  assert.match(stdout, /stopped after \d+ steps \(SIGTERM\); continue with --resume/);
  assert.is(readdirSync(join(out, 'checkpoints')).length, 1);
});

test.run();
