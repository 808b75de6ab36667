import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';

/** Truncated and mangled copies of real specs: the checker must never throw, and must say something. */
const sources = [
  ...readdirSync(join(__dirname, '../../specs'))
    .filter((f) => f.endsWith('.gan'))
    .map((f) => join(__dirname, '../../specs', f)),
  ...readdirSync(join(__dirname, '../fixtures/check'))
    .filter((f) => f.endsWith('.gan'))
    .map((f) => join(__dirname, '../fixtures/check', f)),
].map((path) => ({ path, text: readFileSync(path, 'utf8') }));

/** A small deterministic generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const junk = ['(', ')', '{', '}', '=', ',', '[', ']', '-', '/', '0', '1e9', 'x', '"', '#', ' ', '\n', 'dense', 'const', '/ 0', '...'];

function mangle(text: string, next: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * out.length);
    const choice = next();
    if (choice < 0.4) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 6));
    else if (choice < 0.8) out = out.slice(0, at) + junk[Math.floor(next() * junk.length)] + out.slice(at);
    else out = out.slice(0, at) + out.slice(at).replace(/\d+/, String(Math.floor(next() * 3) - 1));
  }
  return out;
}

function checkNeverThrows(text: string, path: string): void {
  let result;
  try {
    result = checkSource(text, path);
  } catch (error) {
    throw new Error(`checkSource threw on this input:\n${text}\n${(error as Error).stack}`);
  }
  assert.ok(Array.isArray(result.diagnostics));
  if (result.ir === undefined) assert.ok(result.diagnostics.some((d) => d.severity === 'error'), `no IR but no error for:\n${text}`);
}

test('truncated specs: every prefix at 61-character steps', () => {
  for (const { path, text } of sources) {
    for (let end = 0; end < text.length; end += 61) checkNeverThrows(text.slice(0, end), path);
  }
});

test('mangled specs: random deletions, insertions and changed numbers', () => {
  const next = random(20261125);
  for (const { path, text } of sources) {
    for (let i = 0; i < 8; i++) checkNeverThrows(mangle(text, next), path);
  }
});

test('an argument the parser recovered without a value: no IR, no throw, the syntax error reported', () => {
  const seedA = readFileSync(join(__dirname, '../../specs/seed_a_mlp.gan'), 'utf8');
  const result = checkSource(seedA.replace('dense(128)', 'dense(128, bias = )'), 'seed_a_mlp.gan');
  assert.is(result.ir, undefined);
  assert.ok(result.diagnostics.some((d) => d.code.startsWith('GAN01')));
});

test('degenerate inputs', () => {
  for (const text of ['', '\n', '#', '{', 'generator', 'generator {', 'const', 'const x =', 'const x = 1 / 0', 'data mnist(', 'optimizer', 'optimizer G', 'loss bce(', 'train(epochs = )']) {
    checkNeverThrows(text, 'degenerate.gan');
  }
});

test.run();
