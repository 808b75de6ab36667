import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BackendUnavailableError, describeChoice, selectBackend } from '../../../runtime/backends/index.js';

/** Backend selection on this machine: no libtensorflow packages, no GPU; wasm and cpu work. */

test('cpu by name starts the cpu backend', async () => {
  const choice = await selectBackend('cpu');
  assert.equal(choice, { name: 'cpu', passedOver: [] });
  assert.is(tf.getBackend(), 'cpu');
  assert.is(tf.tidy(() => tf.add(1, 2).dataSync()[0]), 3);
});

test('wasm by name starts the wasm backend', async () => {
  const choice = await selectBackend('wasm');
  assert.equal(choice, { name: 'wasm', passedOver: [] });
  assert.is(tf.getBackend(), 'wasm');
  assert.match(describeChoice(choice)[0], /^backend: wasm \(WebAssembly, SIMD/);
});

for (const [name, reason] of [
  ['tensorflow-gpu', /@tensorflow\/tfjs-node-gpu is not installed/],
  ['tensorflow', /@tensorflow\/tfjs-node is not installed/],
  ['webgpu', /no adapter/],
] as const) {
  test(`${name} by name throws BackendUnavailableError, with no fallback`, async () => {
    const before = tf.getBackend();
    try {
      await selectBackend(name);
      assert.unreachable(`${name} should not start here`);
    } catch (error) {
      assert.instance(error, BackendUnavailableError);
      const unavailable = error as BackendUnavailableError;
      assert.is(unavailable.backend, name);
      assert.match(unavailable.reason, reason);
      assert.match(unavailable.message, /help: /);
    }
    assert.is(tf.getBackend(), before);
  });
}

test('auto picks wasm here and says why each earlier backend was passed over', async () => {
  const choice = await selectBackend('auto');
  assert.is(choice.name, 'wasm');
  assert.is(tf.getBackend(), 'wasm');
  assert.equal(choice.passedOver.map((p) => p.name), ['tensorflow-gpu', 'tensorflow', 'webgpu']);
  assert.match(choice.passedOver[2].reason, /no adapter/);
  const lines = describeChoice(choice);
  assert.is(lines.length, 4);
  assert.match(lines[3], /passed over webgpu: no adapter/);
});

test.run();
