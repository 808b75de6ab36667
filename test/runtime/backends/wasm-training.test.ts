import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../runtime/backends/index.js';
import { maxAbsDiff, randomValues } from './compare.js';
import { conditionalMlp, smallCritic, smallDiscriminator, smallGenerator, variablesOf } from './models.js';

/**
 * Real training steps (forward, loss, gradients, Adam) on wasm, compared with the same steps on
 * cpu from the same seeded weights and inputs.
 */
test.before(async () => {
  await selectBackend('cpu');
  await selectBackend('wasm');
});

async function onBackend<T>(backend: 'cpu' | 'wasm', run: () => T): Promise<T> {
  await tf.setBackend(backend);
  return run();
}

function bce(scores: tf.Tensor, label: 0 | 1): tf.Scalar {
  return tf.losses.sigmoidCrossEntropy(tf.fill(scores.shape, label), tf.log(tf.div(scores, tf.sub(1, scores)))) as tf.Scalar;
}

/** Three alternating D/G steps of a DCGAN-like pair (BCE, Adam); returns every loss. */
function dcganLosses(): number[] {
  const G = smallGenerator(6);
  const D = smallDiscriminator();
  const optG = tf.train.adam(2e-3, 0.5);
  const optD = tf.train.adam(2e-3, 0.5);
  const losses: number[] = [];
  for (let step = 0; step < 3; step++) {
    tf.tidy(() => {
      const real = tf.tensor4d(randomValues(4 * 12 * 12, 100 + step), [4, 12, 12, 1]);
      const z = tf.tensor2d(randomValues(4 * 6, 200 + step), [4, 6]);
      const fake = G.apply(z, { training: true }) as tf.Tensor;
      const lossD = optD.minimize(() => tf.add(bce(D.apply(real, { training: true }) as tf.Tensor, 1), bce(D.apply(fake, { training: true }) as tf.Tensor, 0)), true, variablesOf(D))!;
      const lossG = optG.minimize(() => bce(D.apply(G.apply(z, { training: true }), { training: true }) as tf.Tensor, 1), true, variablesOf(G))!;
      losses.push(lossD.dataSync()[0], lossG.dataSync()[0]);
    });
  }
  const finalWeight = G.getWeights()[0].dataSync()[0];
  tf.dispose([...G.weights.map((w) => w.read()), ...D.weights.map((w) => w.read())]);
  return [...losses, finalWeight];
}

test('a DCGAN-like training step gives the same losses on wasm as on cpu', async () => {
  const cpu = await onBackend('cpu', dcganLosses);
  const wasm = await onBackend('wasm', dcganLosses);
  assert.ok(cpu.every(Number.isFinite), `cpu losses ${cpu}`);
  const diff = maxAbsDiff(wasm, cpu);
  assert.ok(diff < 1e-3, `losses differ by ${diff}: cpu ${cpu.join(', ')} wasm ${wasm.join(', ')}`);
});

/** Wasserstein critic steps with a gradient penalty (gradient of a gradient norm), then weight clipping. */
function criticWithPenalty(): number[] {
  const C = smallCritic();
  const opt = tf.train.adam(1e-3, 0.5);
  const vars = variablesOf(C);
  const figures: number[] = [];
  for (let step = 0; step < 2; step++) {
    tf.tidy(() => {
      const real = tf.tensor4d(randomValues(3 * 6 * 6 * 2, 300 + step), [3, 6, 6, 2]);
      const fake = tf.tensor4d(randomValues(3 * 6 * 6 * 2, 400 + step), [3, 6, 6, 2]);
      const mix = tf.add(tf.mul(real, 0.3), tf.mul(fake, 0.7));
      const value = opt.minimize(() => {
        const critic = (x: tf.Tensor) => C.apply(x, { training: true }) as tf.Tensor;
        const gradient = tf.grad((x: tf.Tensor) => tf.sum(critic(x)))(mix);
        const norm = tf.sqrt(tf.add(tf.sum(tf.square(gradient), [1, 2, 3]), 1e-12));
        const penalty = tf.mean(tf.square(tf.sub(norm, 1)));
        return tf.add(tf.sub(tf.mean(critic(fake)), tf.mean(critic(real))), tf.mul(penalty, 10)) as tf.Scalar;
      }, true, vars)!;
      for (const v of vars) v.assign(tf.clipByValue(v, -0.05, 0.05));
      figures.push(value.dataSync()[0]);
    });
  }
  figures.push(...vars[0].dataSync().slice(0, 4));
  tf.dispose(C.weights.map((w) => w.read()));
  return figures;
}

test('gradient penalty through a conv critic with leaky relu and layer norm, and weight clipping, match cpu', async () => {
  const cpu = await onBackend('cpu', criticWithPenalty);
  const wasm = await onBackend('wasm', criticWithPenalty);
  assert.ok(cpu.every(Number.isFinite), `cpu figures ${cpu}`);
  const diff = maxAbsDiff(wasm, cpu);
  assert.ok(diff < 1e-3, `figures differ by ${diff}: cpu ${cpu.join(', ')} wasm ${wasm.join(', ')}`);
});

function conditionalStep(dropoutRate: number): number[] {
  const M = conditionalMlp(5, 10, dropoutRate);
  const opt = tf.train.adam(1e-2);
  const loss = tf.tidy(() => {
    const z = tf.tensor2d(randomValues(6 * 5, 500), [6, 5]);
    const labels = tf.tensor2d([3, 1, 3, 9, 0, 7], [6, 1], 'int32');
    return opt.minimize(() => tf.mean(tf.square(tf.sub(M.apply([z, labels], { training: true }) as tf.Tensor, 0.5))) as tf.Scalar, true, variablesOf(M))!;
  });
  const figures = [loss.dataSync()[0], ...M.getWeights()[0].dataSync()];
  tf.dispose([loss, ...M.weights.map((w) => w.read())]);
  return figures;
}

test('label embedding + concatenate trains on wasm as on cpu', async () => {
  const cpu = await onBackend('cpu', () => conditionalStep(0));
  const wasm = await onBackend('wasm', () => conditionalStep(0));
  const diff = maxAbsDiff(wasm, cpu);
  assert.ok(diff < 1e-4, `embedding step differs by ${diff}`);
});

test('dropout in training mode trains on wasm', async () => {
  const figures = await onBackend('wasm', () => conditionalStep(0.5));
  assert.ok(figures.every(Number.isFinite), `figures ${figures}`);
});

test.run();
