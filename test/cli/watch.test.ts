import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** `ganc check --watch` through the real CLI: a spec edited, broken, removed, replaced by rename, fixed; then Ctrl-C. */

const root = join(__dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'ganc-watch-'));
const good = readFileSync(join(root, 'specs', 'seed_a_mlp.gan'), 'utf8');

test('check --watch re-checks on each save, survives a missing file and a syntax error, and exits 0 on SIGINT', async () => {
  const spec = join(scratch, 'tmp.gan');
  writeFileSync(spec, good);
  const ganc = spawn(process.execPath, [join(root, 'bin', 'ganc.cjs'), 'check', '--watch', '--no-summary', spec], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  let waiting: { pattern: RegExp; from: number; found: () => void } | undefined;
  ganc.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (waiting !== undefined && waiting.pattern.test(stderr.slice(waiting.from))) waiting.found();
  });
  const exited = new Promise<number | null>((done) => ganc.on('exit', (code) => done(code)));
  // Waits for the pattern in what is printed from now on; a save may take more than one check (a
  // write seen half done), so each step waits for what its last check prints.
  const printed = (pattern: RegExp, ms = 5000) =>
    new Promise<void>((found, fail) => {
      const from = stderr.length;
      const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${ms} ms; stderr:\n${stderr}`)), ms);
      waiting = { pattern, from, found: () => (clearTimeout(timer), (waiting = undefined), found()) };
    });
  try {
    // The first check: ganc's start-up, slow on a loaded machine.
    await printed(/^no problems; watching .*tmp\.gan \(Ctrl-C to stop\)\n/, 30_000);

    const broken = printed(/error\[GAN0201\]: undefined name `abc`\n --> .*tmp\.gan:9:37\n[\s\S]*1 error; watching/);
    writeFileSync(spec, good.replace('batch = 128', 'batch = abc'));
    await broken;

    const missing = printed(/cannot read spec `.*tmp\.gan`: no such file\n1 error; watching/);
    unlinkSync(spec);
    await missing;

    // An editor's save: the new text written beside the file, then renamed over it.
    const syntax = printed(/error\[GAN01\d\d\][\s\S]*watching/);
    writeFileSync(`${spec}.swp`, good.replace('dense(128)', 'dense(128'));
    renameSync(`${spec}.swp`, spec);
    await syntax;

    const fixed = printed(/tmp\.gan changed ---\nno problems; watching/);
    writeFileSync(`${spec}.swp`, good);
    renameSync(`${spec}.swp`, spec);
    await fixed;
  } finally {
    ganc.kill('SIGINT');
  }
  assert.is(await exited, 0, stderr);
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
