import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../runtime/backends/index.js';
import { registerTileGradient } from '../runtime/backends/gradients/tile-gradient.js';
import { registerFastTransposedBatchMatMul } from '../runtime/backends/wasm-kernels/batch-mat-mul.js';
import { originalWasmKernel, registerWasmKernel } from '../runtime/backends/wasm-kernels/wasm-internals.js';

/**
 * Milliseconds per training step on cpu and wasm for seed A's MLP GAN (batch 128) and seed B5's
 * DCGAN (batch 64), transposed matmuls on wasm before and after the BatchMatMul fast path, and a
 * broadcast's gradient before and after the Tile gradient patch.
 * Run: npx tsx bench/backends.ts [warm-up steps = 2] [timed steps = 3] [backends = wasm,cpu]
 */
const L = tf.layers;
/** tfjs's own Tile gradient, taken before selectBackend replaces it. */
const stockTileGradient = tf.getGradient(tf.Tile)!;

function sequential(inputShape: number[], layers: tf.layers.Layer[]): tf.LayersModel {
  const input = tf.input({ shape: inputShape });
  const output = layers.reduce((x, layer) => layer.apply(x) as tf.SymbolicTensor, input);
  return tf.model({ inputs: input, outputs: output });
}

/** Seed A: G dense 100->128->256->512->784 relu/tanh; D 784->512->256->1 leaky 0.2, sigmoid. */
function seedA(): { G: tf.LayersModel; D: tf.LayersModel; latent: number; batch: number } {
  const G = sequential([100], [
    L.dense({ units: 128, activation: 'relu' }), L.dense({ units: 256, activation: 'relu' }),
    L.dense({ units: 512, activation: 'relu' }), L.dense({ units: 784, activation: 'tanh' }),
    L.reshape({ targetShape: [28, 28, 1] }),
  ]);
  const D = sequential([28, 28, 1], [
    L.flatten(), L.dense({ units: 512 }), L.leakyReLU({ alpha: 0.2 }),
    L.dense({ units: 256 }), L.leakyReLU({ alpha: 0.2 }), L.dense({ units: 1, activation: 'sigmoid' }),
  ]);
  return { G, D, latent: 100, batch: 128 };
}

/** PyTorch's ConvTranspose2d(k, s, p): tfjs 'valid' transpose, then crop p from each side. */
function convTranspose(filters: number, kernel: number, stride: number, padding: number): tf.layers.Layer[] {
  const layer = L.conv2dTranspose({ filters, kernelSize: kernel, strides: stride, padding: 'valid', useBias: false });
  return padding === 0 ? [layer] : [layer, L.cropping2D({ cropping: [[padding, padding], [padding, padding]] })];
}

/** PyTorch's Conv2d(k, s, p): explicit zero padding, then tfjs 'valid' convolution. */
function conv(filters: number, kernel: number, stride: number, padding: number): tf.layers.Layer[] {
  const layer = L.conv2d({ filters, kernelSize: kernel, strides: stride, padding: 'valid' });
  return padding === 0 ? [layer] : [L.zeroPadding2d({ padding: [[padding, padding], [padding, padding]] }), layer];
}

/** Seed B5 (specs/seed_b5_dcgan.gan): nz 100, ngf = ndf = 64, nc 1. */
function seedB5(): { G: tf.LayersModel; D: tf.LayersModel; latent: number; batch: number } {
  const bn = () => L.batchNormalization({ momentum: 0.9, epsilon: 1e-5 });
  const G = sequential([100], [
    L.reshape({ targetShape: [1, 1, 100] }),
    ...convTranspose(256, 4, 1, 0), bn(), L.reLU(),
    ...convTranspose(128, 3, 2, 1), bn(), L.reLU(),
    ...convTranspose(64, 4, 2, 1), bn(), L.reLU(),
    ...convTranspose(1, 4, 2, 1), L.activation({ activation: 'tanh' }),
  ]);
  const D = sequential([28, 28, 1], [
    ...conv(64, 4, 2, 1), L.leakyReLU({ alpha: 0.2 }),
    ...conv(128, 4, 2, 1), bn(), L.leakyReLU({ alpha: 0.2 }),
    ...conv(256, 4, 2, 1), bn(), L.leakyReLU({ alpha: 0.2 }),
    ...conv(1, 3, 1, 0), L.activation({ activation: 'sigmoid' }), L.flatten(),
  ]);
  return { G, D, latent: 100, batch: 64 };
}

function bce(probabilities: tf.Tensor, label: 0 | 1): tf.Scalar {
  const p = tf.clipByValue(probabilities, 1e-7, 1 - 1e-7);
  return tf.neg(tf.mean(label === 1 ? tf.log(p) : tf.log(tf.sub(1, p)))) as tf.Scalar;
}

function variables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
}

/** Mean ms of one alternating step (D on real + fake, then G, non-saturating BCE, Adam). */
function msPerStep(build: () => { G: tf.LayersModel; D: tf.LayersModel; latent: number; batch: number }, warmUp: number, timed: number): number {
  const { G, D, latent, batch } = build();
  const optG = tf.train.adam(2e-4, 0.5);
  const optD = tf.train.adam(2e-4, 0.5);
  const step = () => tf.tidy(() => {
    const real = tf.randomUniform([batch, 28, 28, 1], -1, 1);
    const z = tf.randomNormal([batch, latent]);
    const fake = G.apply(z, { training: true }) as tf.Tensor;
    optD.minimize(() => tf.add(bce(D.apply(real, { training: true }) as tf.Tensor, 1), bce(D.apply(fake, { training: true }) as tf.Tensor, 0)), false, variables(D));
    const lossG = optG.minimize(() => bce(D.apply(G.apply(z, { training: true }), { training: true }) as tf.Tensor, 1), true, variables(G))!;
    lossG.dataSync();
  });
  for (let i = 0; i < warmUp; i++) step();
  const start = performance.now();
  for (let i = 0; i < timed; i++) step();
  const ms = (performance.now() - start) / timed;
  tf.dispose([...G.weights.map((w) => w.read()), ...D.weights.map((w) => w.read())]);
  optG.dispose();
  optD.dispose();
  return ms;
}

function msPerMatMul(transposeA: boolean, transposeB: boolean): number {
  const [a, b] = tf.tidy(() => [
    tf.randomNormal(transposeA ? [512, 128] : [128, 512]),
    tf.randomNormal(transposeB ? [256, 512] : [512, 256]),
  ]);
  const run = () => {
    const product = tf.matMul(a, b, transposeA, transposeB);
    product.dataSync();
    product.dispose();
  };
  for (let i = 0; i < 3; i++) run();
  const start = performance.now();
  for (let i = 0; i < 10; i++) run();
  tf.dispose([a, b]);
  return (performance.now() - start) / 10;
}

function reportMatMuls(label: string): void {
  for (const [ta, tb] of [[false, false], [true, false], [false, true]] as const) {
    console.log(`  ${label}: matMul [128x512]·[512x256] transposeA=${ta} transposeB=${tb}: ${msPerMatMul(ta, tb).toFixed(2)} ms`);
  }
}

/** Mean ms of the gradient through a [64,1,1,1] -> [64,28,28,1] broadcast (a gradient penalty's interpolation factor). */
function msPerBroadcastGradient(): number {
  const [x, weights] = tf.tidy(() => [tf.randomNormal([64, 1, 1, 1]), tf.randomNormal([64, 28, 28, 1])]);
  const gradient = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.broadcastTo(t, [64, 28, 28, 1]), weights)));
  const run = () => tf.tidy(() => gradient(x).dataSync());
  run();
  const start = performance.now();
  for (let i = 0; i < 5; i++) run();
  tf.dispose([x, weights]);
  return (performance.now() - start) / 5;
}

export async function benchBackends(warmUp = 2, timed = 3, backends: readonly ('wasm' | 'cpu')[] = ['wasm', 'cpu']): Promise<void> {
  console.log(`warm-up ${warmUp} steps, ${timed} timed steps; tfjs ${tf.version.tfjs}`);
  await selectBackend('wasm');
  // The stock kernel, put back for this measurement only, then the fast path again.
  registerWasmKernel(originalWasmKernel(tf.BatchMatMul));
  reportMatMuls('wasm, stock BatchMatMul');
  registerFastTransposedBatchMatMul();
  reportMatMuls('wasm, transposed-first BatchMatMul');
  tf.registerGradient(stockTileGradient);
  console.log(`  wasm, stock Tile gradient: broadcast [64,1,1,1] -> [64,28,28,1], gradient: ${msPerBroadcastGradient().toFixed(2)} ms`);
  registerTileGradient();
  console.log(`  wasm, reshape-and-sum Tile gradient: the same: ${msPerBroadcastGradient().toFixed(2)} ms`);

  for (const backend of backends) {
    await selectBackend(backend);
    console.log(`${backend}: seed A MLP GAN, batch 128: ${msPerStep(seedA, warmUp, timed).toFixed(1)} ms/step`);
    console.log(`${backend}: seed B5 DCGAN, batch 64: ${msPerStep(seedB5, warmUp, timed).toFixed(1)} ms/step`);
  }
}

if (require.main === module) {
  const [warmUp, timed, backends] = process.argv.slice(2);
  benchBackends(Number(warmUp ?? 2), Number(timed ?? 3), (backends ?? 'wasm,cpu').split(',') as ('wasm' | 'cpu')[]).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
