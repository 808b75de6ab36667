import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileAtomic } from '../../../runtime/files.js';

test('writeFileAtomic writes and replaces a file, leaving no temporary file behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganc-files-'));
  try {
    const path = join(dir, 'checkpoint.json');
    writeFileAtomic(path, '{"epoch":1}');
    writeFileAtomic(path, '{"epoch":2}');
    assert.is(readFileSync(path, 'utf8'), '{"epoch":2}');
    writeFileAtomic(join(dir, 'weights.bin'), new Uint8Array([1, 2, 3]));
    assert.equal([...readFileSync(join(dir, 'weights.bin'))], [1, 2, 3]);
    assert.equal(readdirSync(dir).sort(), ['checkpoint.json', 'weights.bin']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic into a missing folder fails with the path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganc-files-'));
  try {
    assert.throws(() => writeFileAtomic(join(dir, 'missing', 'a.json'), 'x'), /missing/);
    assert.equal(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
