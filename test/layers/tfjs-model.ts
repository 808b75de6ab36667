import * as tf from '@tensorflow/tfjs';
import type { Shape } from '../../compiler/shape.js';
import type { TfjsNode } from '../../compiler/lowering/tfjs.js';
import { dropout } from '../../runtime/layers/dropout.js';
import { spectralNorm, type SpectralNormConfig } from '../../runtime/layers/spectral-norm.js';

/**
 * Builds layers' TensorFlow.js nodes with real tfjs layers (and the runtime's own, `gan.*`), the
 * way the emitted functional code wires them, so tests compare what tfjs computes with what
 * the shape rules and parameter counts predicted.
 */

type Factory = (config: unknown) => tf.layers.Layer;

const runtimeLayers: Record<string, Factory> = {
  'gan.spectralNorm': (config) => spectralNorm(config as SpectralNormConfig),
  'gan.dropout': (config) => dropout(config as { rate: number }),
};

function factoryOf(name: string): Factory {
  const prefix = 'tf.layers.';
  const factory = name.startsWith(prefix) ? (tf.layers as unknown as Record<string, unknown>)[name.slice(prefix.length)] : runtimeLayers[name];
  if (typeof factory !== 'function') throw new Error(`not a TensorFlow.js or runtime layer factory: ${name}`);
  return factory as Factory;
}

export interface BuiltModel {
  model: tf.LayersModel;
  conditional: boolean;
}

/** A model of the layers' nodes, in order; a node reading `labels` makes it take [input, labels]. */
export function buildModel(input: Shape, layers: readonly (readonly TfjsNode[])[]): BuiltModel {
  const x = tf.input({ shape: [...input] });
  const labels = tf.input({ shape: [1], dtype: 'int32' });
  let conditional = false;
  let y = x;
  for (const nodes of layers) {
    const outputs: tf.SymbolicTensor[] = [];
    const layerInput = y;
    nodes.forEach((node, i) => {
      const args = (node.args ?? [i === 0 ? 'x' : i - 1]).map((arg) => {
        if (arg === 'labels') {
          conditional = true;
          return labels;
        }
        return arg === 'x' ? layerInput : outputs[arg];
      });
      outputs.push(factoryOf(node.factory)(node.config).apply(args.length === 1 ? args[0] : args) as tf.SymbolicTensor);
    });
    y = outputs[outputs.length - 1];
  }
  const model = tf.model({ inputs: conditional ? [x, labels] : x, outputs: y });
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
