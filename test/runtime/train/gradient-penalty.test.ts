import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clipWeights, gradientPenalty } from '../../../runtime/index.js';
import { selectBackend } from '../../../runtime/backends/index.js';

// The runtime registers faster backends than cpu; the tests pin cpu as trainers on it would.
test.before(async () => {
  await selectBackend('cpu');
});

const w = [0.5, 1, -2, 0.25];
const norm = Math.hypot(...w);

/** D(x) = w · flatten(x) + 0.3 on [2, 2, 1] images: its input gradient is w everywhere. */
function linearCritic(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [2, 2, 1] }), tf.layers.dense({ units: 1 })] });
  model.setWeights([tf.tensor2d(w, [4, 1]), tf.tensor1d([0.3])]);
  return model;
}

/** A critic as the step calls it: the model in training mode. */
const calling = (model: tf.LayersModel) => (images: tf.Tensor) => model.apply(images, { training: true }) as tf.Tensor;

const realValues = [1, 2, 3, 4, -1, 0, 1, 0.5, 2, 2, 2, 2];
const epsilon = [0.25, 0.5, 0.9];
const mix = () => tf.tensor4d(epsilon, [3, 1, 1, 1]);
const fakeValues = [0, 0, 0, 0, 1, 1, 1, 1, -3, 1, 0, 2];
let real: tf.Tensor4D;
let fake: tf.Tensor4D;
test.before(() => {
  real = tf.tensor4d(realValues, [3, 2, 2, 1]);
  fake = tf.tensor4d(fakeValues, [3, 2, 2, 1]);
});

test('on a linear critic the penalty is (|w| - 1)^2 and its gradient 2(|w| - 1) w / |w|', () => {
  const critic = linearCritic();
  assert.ok(Math.abs(gradientPenalty(calling(critic), real, fake, mix()).dataSync()[0] - (norm - 1) ** 2) < 1e-5);
  // The second-order gradient: through the input gradient, into the weights.
  const kernel = critic.trainableWeights[0].read() as tf.Variable;
  const { grads } = tf.variableGrads(() => gradientPenalty(calling(critic), real, fake, mix()), [kernel]);
  const expected = w.map((x) => (2 * (norm - 1) * x) / norm);
  Array.from(grads[kernel.name].dataSync()).forEach((g, i) => assert.ok(Math.abs(g - expected[i]) < 1e-4, `${g} vs ${expected[i]}`));
});

test('on a non-linear critic the penalty matches finite differences at the given interpolation', () => {
  const critic = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [2, 2, 1] }), tf.layers.dense({ units: 3, activation: 'tanh', kernelInitializer: tf.initializers.randomNormal({ seed: 5 }) }), tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.randomNormal({ seed: 6 }) })],
  });
  const penalty = gradientPenalty(calling(critic), real, fake, mix()).dataSync()[0];
  const r = [0, 1, 2].map((n) => realValues.slice(n * 4, n * 4 + 4));
  const f = [0, 1, 2].map((n) => fakeValues.slice(n * 4, n * 4 + 4));
  const score = (x: number[]) => (critic.predict(tf.tensor4d(x, [1, 2, 2, 1])) as tf.Tensor).dataSync()[0];
  const h = 1e-2;
  let expected = 0;
  for (let n = 0; n < 3; n++) {
    const mixed = r[n].map((value, i) => epsilon[n] * value + (1 - epsilon[n]) * f[n][i]);
    const gradient = mixed.map((_, i) => {
      const up = [...mixed];
      const down = [...mixed];
      up[i] += h;
      down[i] -= h;
      return (score(up) - score(down)) / (2 * h);
    });
    expected += (Math.hypot(...gradient) - 1) ** 2 / 3;
  }
  assert.ok(Math.abs(penalty - expected) < 1e-3, `${penalty} vs ${expected}`);
});

test('a conditional critic gets its labels; the penalty is over the image input only', () => {
  const image = tf.input({ shape: [2, 2, 1] });
  const label = tf.input({ shape: [1], dtype: 'int32' });
  const dense = tf.layers.dense({ units: 1 });
  const embedding = tf.layers.embedding({ inputDim: 10, outputDim: 1, embeddingsInitializer: tf.initializers.randomNormal({ seed: 7 }) });
  const imageScore = dense.apply(tf.layers.flatten().apply(image)) as tf.SymbolicTensor;
  const labelScore = tf.layers.flatten().apply(embedding.apply(label)) as tf.SymbolicTensor;
  const critic = tf.model({ inputs: [image, label], outputs: tf.layers.add().apply([imageScore, labelScore]) as tf.SymbolicTensor });
  dense.setWeights([tf.tensor2d(w, [4, 1]), tf.tensor1d([0])]);
  const labels = tf.tensor2d([1, 7, 3], [3, 1], 'int32');
  const penalty = gradientPenalty((images) => critic.apply([images, labels], { training: true }) as tf.Tensor, real, fake, mix()).dataSync()[0];
  assert.ok(Math.abs(penalty - (norm - 1) ** 2) < 1e-5);
});

test('the mixing weights must be one per example', () => {
  assert.throws(() => gradientPenalty(calling(linearCritic()), real, fake, tf.ones([3, 1])), /mix must be \[3, 1, 1, 1\], one weight per example/);
});

test('clipWeights puts every trainable weight into [-bound, bound]', () => {
  const critic = linearCritic();
  const weights = critic.trainableWeights.map((weight) => weight.read() as tf.Variable);
  clipWeights(weights, 0.4);
  assert.equal(Array.from(critic.getWeights()[0].dataSync()), Array.from(new Float32Array([0.4, 0.4, -0.4, 0.25])));
  assert.ok(Math.abs(critic.getWeights()[1].dataSync()[0] - 0.3) < 1e-7);
  assert.throws(() => clipWeights(weights, 0), /bound must be positive/);
});

test.run();
