import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRng, restoreRng, type RngState } from '../../../runtime/random.js';

const draws = (next: () => number, n: number) => Array.from({ length: n }, next);

test('the same seed gives the same stream, another seed a different one', () => {
  const a = createRng(42);
  const b = createRng(42);
  const c = createRng(43);
  const first = draws(() => a.next(), 10);
  assert.equal(first, draws(() => b.next(), 10));
  assert.not.equal(first, draws(() => c.next(), 10));
  // Seeds that agree in their low 32 bits still differ.
  assert.not.equal(draws(() => createRng(1).next(), 5), draws(() => createRng(1 + 2 ** 32).next(), 5));
});

test('a state saved as JSON resumes the exact stream, the cached normal included', () => {
  const rng = createRng(7);
  rng.normal(); // leaves the pair's second normal cached
  const saved = JSON.parse(JSON.stringify(rng.state())) as RngState;
  assert.type(saved.spareNormal, 'number');
  const resumed = restoreRng(saved);
  assert.equal(draws(() => resumed.normal(), 5), draws(() => rng.normal(), 5));
  assert.equal(draws(() => resumed.int(1000), 5), draws(() => rng.int(1000), 5));
});

test('next stays in [0, 1) and int in [0, n), covering every value', () => {
  const rng = createRng(3);
  const uniform = draws(() => rng.next(), 20000);
  assert.ok(uniform.every((u) => u >= 0 && u < 1));
  const counts = new Array(10).fill(0);
  for (let i = 0; i < 20000; i++) counts[rng.int(10)]++;
  // Expected 2000 each; a fair generator lands well within 10% with this seed.
  assert.ok(counts.every((count) => count > 1800 && count < 2200), `counts ${counts}`);
  assert.is(rng.int(1), 0);
  assert.throws(() => rng.int(0), /integer n/);
  assert.throws(() => rng.int(2.5), /integer n/);
});

test('normal draws have mean near 0 and standard deviation near 1', () => {
  const rng = createRng(11);
  const values = draws(() => rng.normal(), 20000);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(sd - 1) < 0.03, `sd ${sd}`);
});

test('bad seeds and bad saved states are refused', () => {
  assert.throws(() => createRng(0.5), /safe integer/);
  assert.throws(() => restoreRng({ algorithm: 'sfc32', words: [1, 2, 3], spareNormal: null } as unknown as RngState), /not a saved random state/);
  assert.throws(() => restoreRng({ algorithm: 'sfc32', words: [1, 2, 3, -4], spareNormal: null }), /not a saved random state/);
});

test.run();
