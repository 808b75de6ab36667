import * as tf from '@tensorflow/tfjs';

/**
 * Small models covering every layer the language emits, with seeded initialisers so that the
 * cpu and wasm runs start from the same weights.
 */
const L = tf.layers;

function seeded(seed: number) {
  return { kernelInitializer: tf.initializers.glorotNormal({ seed }), biasInitializer: tf.initializers.randomNormal({ seed: seed + 1000, stddev: 0.05 }) };
}

function chain(input: tf.SymbolicTensor, layers: tf.layers.Layer[]): tf.SymbolicTensor {
  return layers.reduce((x, layer) => layer.apply(x) as tf.SymbolicTensor, input);
}

/** DCGAN-like G: dense, reshape, conv2d_transpose valid (+ cropping, as PyTorch padding) and same, batch norm, relu, tanh. */
export function smallGenerator(latent: number): tf.LayersModel {
  const z = tf.input({ shape: [latent] });
  const out = chain(z, [
    L.dense({ units: 3 * 3 * 8, ...seeded(1) }),
    L.reshape({ targetShape: [3, 3, 8] }),
    L.conv2dTranspose({ filters: 6, kernelSize: 3, strides: 2, padding: 'valid', useBias: false, kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }),
    L.cropping2D({ cropping: [[1, 0], [1, 0]] }),
    L.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
    L.reLU(),
    L.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', ...seeded(3) }),
    L.activation({ activation: 'tanh' }),
  ]);
  return tf.model({ inputs: z, outputs: out });
}

/** DCGAN-like D on [12, 12, 1]: zero padding + conv2d valid, conv2d same, batch norm, leaky relu, flatten, dense, sigmoid. */
export function smallDiscriminator(): tf.LayersModel {
  const x = tf.input({ shape: [12, 12, 1] });
  const out = chain(x, [
    L.zeroPadding2d({ padding: [[1, 1], [1, 1]] }),
    L.conv2d({ filters: 4, kernelSize: 4, strides: 2, padding: 'valid', ...seeded(4) }),
    L.leakyReLU({ alpha: 0.2 }),
    L.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', ...seeded(5) }),
    L.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
    L.leakyReLU({ alpha: 0.2 }),
    L.flatten(),
    L.dense({ units: 1, ...seeded(6) }),
    L.activation({ activation: 'sigmoid' }),
  ]);
  return tf.model({ inputs: x, outputs: out });
}

/** A critic with the remaining layers: upsample, layer norm, conv2d, leaky relu, dense (no sigmoid). */
export function smallCritic(): tf.LayersModel {
  const x = tf.input({ shape: [6, 6, 2] });
  const out = chain(x, [
    L.upSampling2d({ size: [2, 2], interpolation: 'nearest' }),
    L.conv2d({ filters: 4, kernelSize: 4, strides: 2, padding: 'same', ...seeded(7) }),
    L.layerNormalization({ epsilon: 1e-5 }),
    L.leakyReLU({ alpha: 0.2 }),
    L.flatten(),
    L.dense({ units: 1, ...seeded(8) }),
  ]);
  return tf.model({ inputs: x, outputs: out });
}

/** Conditional MLP: label embedding flattened and concatenated to the input, dense, dropout. */
export function conditionalMlp(inputs: number, classes: number, dropoutRate: number): tf.LayersModel {
  const z = tf.input({ shape: [inputs] });
  const label = tf.input({ shape: [1], dtype: 'int32' });
  const embedded = chain(label, [L.embedding({ inputDim: classes, outputDim: 3, embeddingsInitializer: tf.initializers.randomNormal({ seed: 9 }) }), L.flatten()]);
  const joined = L.concatenate().apply([z, embedded]) as tf.SymbolicTensor;
  const out = chain(joined, [L.dense({ units: 8, ...seeded(10) }), L.dropout({ rate: dropoutRate }), L.dense({ units: 1, ...seeded(11) })]);
  return tf.model({ inputs: [z, label], outputs: out });
}

export function variablesOf(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
}
