import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { prepareDawnEnvironment } from '../../../runtime/backends/dawn-environment.js';

test('an unset XDG_RUNTIME_DIR becomes a private folder before Dawn starts', () => {
  const env: NodeJS.ProcessEnv = {};
  prepareDawnEnvironment(env);
  const folder = env.XDG_RUNTIME_DIR;
  assert.type(folder, 'string');
  const stat = statSync(folder as string);
  assert.ok(stat.isDirectory());
  assert.is(stat.mode & 0o777, 0o700, 'only this user may use it, as the XDG spec asks');
});

test('a value that names no folder is replaced; a valid one is kept', () => {
  const broken: NodeJS.ProcessEnv = { XDG_RUNTIME_DIR: path.join(tmpdir(), 'ganc-no-such-folder', 'x') };
  prepareDawnEnvironment(broken);
  assert.ok(statSync(broken.XDG_RUNTIME_DIR as string).isDirectory());
  const own = mkdtempSync(path.join(tmpdir(), 'ganc-own-'));
  const valid: NodeJS.ProcessEnv = { XDG_RUNTIME_DIR: own };
  prepareDawnEnvironment(valid);
  assert.is(valid.XDG_RUNTIME_DIR, own);
});

test.run();
