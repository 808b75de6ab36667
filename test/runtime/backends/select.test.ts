import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BackendUnavailableError, describeChoice, selectBackend } from '../../../runtime/backends/index.js';
import { softwareAdapter } from '../../../runtime/backends/webgpu.js';

/**
 * Backend selection, checked against what this machine has: each expectation is derived from
 * facts found independently of `selectBackend` (installed packages, Dawn's adapter), so the test
 * holds on a machine with a GPU or libtensorflow as well as on one without.
 */

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

type AdapterKind = 'none' | 'software' | 'hardware';

async function adapterKind(): Promise<AdapterKind> {
  const dawn = (await import('webgpu')) as { create(flags: string[]): { requestAdapter(): Promise<object | null> } };
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter();
  if (adapter === null) return 'none';
  return softwareAdapter(adapter) === undefined ? 'hardware' : 'software';
}

let adapter: AdapterKind;
test.before(async () => {
  adapter = await adapterKind();
});

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

for (const [name, packageName] of [
  ['tensorflow-gpu', '@tensorflow/tfjs-node-gpu'],
  ['tensorflow', '@tensorflow/tfjs-node'],
] as const) {
  test(`${name} by name starts when ${packageName} is installed, and otherwise says so with no fallback`, async () => {
    if (installed(packageName)) {
      assert.is((await selectBackend(name)).name, name);
      return;
    }
    const before = tf.getBackend();
    const error = await selectBackend(name).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.instance(error, BackendUnavailableError);
    assert.match((error as BackendUnavailableError).reason, `${packageName} is not installed`);
    assert.match((error as BackendUnavailableError).message, /help: /);
    assert.is(tf.getBackend(), before);
  });
}

test('webgpu by name starts on any adapter (software included) and says "no adapter" without one', async () => {
  if (adapter === 'none') {
    const error = await selectBackend('webgpu').then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.instance(error, BackendUnavailableError);
    assert.match((error as BackendUnavailableError).reason, /no adapter/);
    return;
  }
  assert.is((await selectBackend('webgpu')).name, 'webgpu');
  assert.is(tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 3).dataSync()[1]), 5);
});

test('auto takes the first backend that starts, passes a software adapter over, and says why for each', async () => {
  const expected = installed('@tensorflow/tfjs-node-gpu')
    ? 'tensorflow-gpu'
    : installed('@tensorflow/tfjs-node')
      ? 'tensorflow'
      : adapter === 'hardware'
        ? 'webgpu'
        : 'wasm';
  const choice = await selectBackend('auto');
  assert.is(choice.name, expected);
  assert.is(tf.getBackend(), expected);
  const lines = describeChoice(choice);
  // Ending on wasm with tensorflow passed over adds one line: what would be faster, and how to get it.
  const hint = expected === 'wasm' ? 1 : 0;
  assert.is(lines.length, 1 + choice.passedOver.length + hint);
  if (hint === 1) assert.match(lines[lines.length - 1], /^ {2}faster: `tensorflow` .*npm install @tensorflow\/tfjs-node/);
  const webgpu = choice.passedOver.find((p) => p.name === 'webgpu');
  if (expected === 'wasm') assert.match(webgpu?.reason ?? '', adapter === 'software' ? /only a software adapter \(.*\), slower than wasm/ : /no adapter/);
});

test.run();
