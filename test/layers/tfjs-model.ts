import * as tf from '@tensorflow/tfjs';
import type { Shape } from '../../compiler/shape.js';
import type { ConfigValue, EmittedOp } from '../../compiler/layers/kind.js';

/**
 * Builds emitted ops with real TensorFlow.js layers, so tests compare what tfjs computes with
 * what the shape rules and parameter counts predicted. `gan.spectralNorm` is the runtime's;
 * here its inner layer stands in for it (the wrapper adds only the non-trainable u vector).
 */

type Factory = (config: unknown) => tf.layers.Layer;

function tfjsFactory(name: string): Factory {
  const prefix = 'tf.layers.';
  const factory = name.startsWith(prefix) ? (tf.layers as unknown as Record<string, unknown>)[name.slice(prefix.length)] : undefined;
  if (typeof factory !== 'function') throw new Error(`not a TensorFlow.js layer factory: ${name}`);
  return factory as Factory;
}

function layerOf(op: Extract<EmittedOp, { op: 'layer' }>): tf.layers.Layer {
  if (op.factory === 'gan.spectralNorm') {
    const inner = op.config.inner as { factory: string; config: ConfigValue };
    return tfjsFactory(inner.factory)(inner.config);
  }
  return tfjsFactory(op.factory)(op.config);
}

export interface BuiltModel {
  model: tf.LayersModel;
  conditional: boolean;
}

export function buildModel(input: Shape, ops: readonly EmittedOp[]): BuiltModel {
  const x = tf.input({ shape: [...input] });
  const label = tf.input({ shape: [1], dtype: 'int32' });
  let conditional = false;
  let y = x;
  for (const op of ops) {
    if (op.op === 'layer') {
      y = layerOf(op).apply(y) as tf.SymbolicTensor;
      continue;
    }
    conditional = true;
    const embedded = tf.layers.embedding({ inputDim: op.classes, outputDim: op.embeddingSize }).apply(label) as tf.SymbolicTensor;
    const joined = tf.layers.reshape({ targetShape: [...(op.reshape ?? [op.embeddingSize])] }).apply(embedded) as tf.SymbolicTensor;
    y = tf.layers.concatenate({ axis: -1 }).apply([y, joined]) as tf.SymbolicTensor;
  }
  const model = tf.model({ inputs: conditional ? [x, label] : x, outputs: y });
  return { model, conditional };
}

function weightCount(weights: readonly tf.LayerVariable[]): number {
  return weights.reduce((sum, w) => {
    if (w.shape.some((size) => size === null)) throw new Error(`weight ${w.name} has an unknown size`);
    return sum + tf.util.sizeFromShape(w.shape as number[]);
  }, 0);
}

export interface Measured {
  /** Shape of a real forward pass on a batch of 2, without the batch axis. */
  output: number[];
  trainable: number;
  nonTrainable: number;
  total: number;
}

/** Runs the model on a batch of two and counts its weights as tfjs reports them. */
export function measure({ model, conditional }: BuiltModel, input: Shape): Measured {
  const output = tf.tidy(() => {
    const x = tf.zeros([2, ...input]);
    const result = model.predict(conditional ? [x, tf.tensor2d([[0], [1]], [2, 1], 'int32')] : x) as tf.Tensor;
    return result.shape.slice(1);
  });
  return {
    output,
    trainable: weightCount(model.trainableWeights),
    nonTrainable: weightCount(model.nonTrainableWeights),
    total: model.countParams(),
  };
}

export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}
