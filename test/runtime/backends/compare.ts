import * as tf from '@tensorflow/tfjs';
import * as assert from 'uvu/assert';

/** Deterministic values in [-1, 1) (a small LCG), so cpu and wasm see the same inputs. */
export function randomValues(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** Runs `compute` on a backend and returns its result's values; tensors are freed. */
export async function valuesOn(backend: 'cpu' | 'wasm', compute: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const results = tf.tidy(() => {
    const out = compute();
    return Array.isArray(out) ? out : [out];
  });
  const values = results.map((t) => t.dataSync() as Float32Array);
  tf.dispose(results);
  return values;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.is(a.length, b.length, 'result sizes differ');
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Asserts cpu and wasm agree on every output of `compute`, to `tolerance` in absolute value. */
export async function assertSameOnCpuAndWasm(label: string, compute: () => tf.Tensor | tf.Tensor[], tolerance = 1e-4): Promise<void> {
  const cpu = await valuesOn('cpu', compute);
  const wasm = await valuesOn('wasm', compute);
  assert.is(wasm.length, cpu.length);
  cpu.forEach((expected, i) => {
    const diff = maxAbsDiff(wasm[i], expected);
    assert.ok(diff <= tolerance, `${label}: output ${i} differs by ${diff} (tolerance ${tolerance})`);
    assert.ok(expected.every(Number.isFinite), `${label}: output ${i} is not finite`);
  });
}
