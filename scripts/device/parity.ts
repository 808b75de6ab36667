// WebGPU against wasm (itself tested against cpu) on the same weights and inputs: seed D's G and D forward and gradients, and dropout.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../runtime/backends/index';

function buildG(): tf.LayersModel {
  const z = tf.input({ shape: [100] });
  let x = tf.layers.dense({ units: 12544, useBias: false }).apply(z) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.leakyReLU({ alpha: 0.3 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reshape({ targetShape: [7, 7, 256] }).apply(x) as tf.SymbolicTensor;
  for (const [f, s] of [[128, 1], [64, 2]]) {
    x = tf.layers.conv2dTranspose({ filters: f, kernelSize: 5, strides: s, padding: 'same', useBias: false }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: 0.3 }).apply(x) as tf.SymbolicTensor;
  }
  x = tf.layers.conv2dTranspose({ filters: 1, kernelSize: 5, strides: 2, padding: 'same', useBias: false, activation: 'tanh' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: z, outputs: x });
}
function buildD(): tf.LayersModel {
  const i = tf.input({ shape: [28, 28, 1] });
  let x = tf.layers.conv2d({ filters: 64, kernelSize: 5, strides: 2, padding: 'same' }).apply(i) as tf.SymbolicTensor;
  x = tf.layers.leakyReLU({ alpha: 0.3 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 128, kernelSize: 5, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.leakyReLU({ alpha: 0.3 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 1 }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: i, outputs: x });
}
async function figures(g: tf.LayersModel, d: tf.LayersModel, z: number[], real: number[]) {
  const kept = tf.tidy(() => {
    const zt = tf.tensor2d(z, [8, 100]);
    const rt = tf.tensor4d(real, [8, 28, 28, 1]);
    const gv = g.trainableWeights.map((w) => w.read() as tf.Variable);
    const dv = d.trainableWeights.map((w) => w.read() as tf.Variable);
    const fake = g.apply(zt, { training: true }) as tf.Tensor;
    const dl = tf.variableGrads(() => {
      const sr = d.apply(rt) as tf.Tensor, sf = d.apply(fake) as tf.Tensor;
      return tf.add(tf.losses.sigmoidCrossEntropy(tf.onesLike(sr), sr), tf.losses.sigmoidCrossEntropy(tf.zerosLike(sf), sf)) as tf.Scalar;
    }, dv);
    const gl = tf.variableGrads(() => {
      const sf = d.apply(g.apply(zt, { training: true })) as tf.Tensor;
      return tf.losses.sigmoidCrossEntropy(tf.onesLike(sf), sf) as tf.Scalar;
    }, gv);
    const out: Record<string, tf.Tensor> = { fake, lossD: dl.value, lossG: gl.value };
    for (const [k, t] of Object.entries(dl.grads)) out['dD/' + k] = t;
    for (const [k, t] of Object.entries(gl.grads)) out['dG/' + k] = t;
    return out as unknown as tf.TensorContainer;
  }) as unknown as Record<string, tf.Tensor>;
  const read: Record<string, Float32Array> = {};
  for (const [k, t] of Object.entries(kept)) read[k] = (await t.data()) as Float32Array;
  return read;
}
async function main() {
  await selectBackend('wasm');
  const g = buildG(), d = buildD();
  const z = Array.from({ length: 800 }, () => Math.random() * 2 - 1);
  const real = Array.from({ length: 8 * 784 }, () => Math.random() * 2 - 1);
  const reference = await figures(g, d, z, real);
  const gWeights = g.getWeights().map((w) => w.arraySync());
  const dWeights = d.getWeights().map((w) => w.arraySync());
  await selectBackend('webgpu');
  console.log('backend', tf.getBackend());
  g.setWeights(gWeights.map((a) => tf.tensor(a as number[])));
  d.setWeights(dWeights.map((a) => tf.tensor(a as number[])));
  const gpu = await figures(g, d, z, real);
  let worst = 0;
  for (const k of Object.keys(reference)) {
    const a = reference[k], b = gpu[k];
    let difference = 0;
    let scale = 0;
    for (let i = 0; i < a.length; i++) {
      difference = Math.max(difference, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(a[i]));
    }
    const rel = difference / (scale || 1);
    worst = Math.max(worst, rel);
    console.log(`${k.padEnd(60)} max|wasm-webgpu| ${difference.toExponential(2)} relative ${rel.toExponential(2)}`);
  }
  const x = tf.ones([1000, 100]);
  const dropped = tf.dropout(x, 0.3);
  const zeros = (await tf.sum(tf.equal(dropped, 0)).data())[0] / 1e5;
  console.log(`dropout(0.3) on webgpu: zeroed ${zeros.toFixed(4)}, mean ${(await tf.mean(dropped).data())[0].toFixed(4)} (want 0.3 and 1)`);
  console.log('worst relative', worst.toExponential(2));
}
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
