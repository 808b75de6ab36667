import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validatorsFile, validatorsSource } from '../../scripts/validators.js';

const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'ganc.cjs');

function ganFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? ganFiles(path) : name.endsWith('.gan') ? [path] : [];
  });
}

test('compiler/validators.generated.ts is what scripts/validators.ts writes now (npm run generate)', () => {
  assert.ok(readFileSync(join(root, validatorsFile), 'utf8') === validatorsSource(root), 'stale: run `npm run generate`');
});

test('precompiled validators give the same diagnostics and summaries as compiling the schemas at run time', () => {
  const files = [...ganFiles(join(root, 'specs')), ...ganFiles(join(root, 'test', 'fixtures', 'check'))].map((path) => relative(root, path)).sort();
  const run = (env: Record<string, string>) => spawnSync(process.execPath, [bin, 'check', '--json', ...files], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  const precompiled = run({});
  const compiled = run({ GANC_NO_PRECOMPILED: '1' });
  assert.ok(precompiled.stdout.length > 1000, precompiled.stderr);
  assert.is(precompiled.status, compiled.status);
  assert.ok(precompiled.stdout === compiled.stdout, 'the two --json outputs differ');
});

test.run();
