import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModelFolder } from '../checkpoint/model-files.js';
import { EvalError } from './error.js';

/**
 * The committed classifiers `ganc eval` judges images with (made by scripts/train-classifier.ts).
 * They take [batch, 28, 28, 1] pixels in [0, 1]; the dense layer named `features` is the feature
 * space, the last layer gives class probabilities.
 */

export type EvalDataset = 'mnist' | 'fashion_mnist';

export const CLASSIFIER_FEATURE_LAYER = 'features';

const FOLDER_NAMES: Record<EvalDataset, string> = { mnist: 'classifier-mnist', fashion_mnist: 'classifier-fashion' };

export function classifierFolder(dataset: EvalDataset): string {
  // The package's own root, found by its name (runtime/ in the repository, dist/runtime/ installed).
  return join(dirname(require.resolve('ganc/package.json')), 'models', FOLDER_NAMES[dataset]);
}

/** Features and class probabilities of a set of images, row-major. */
export interface Classified {
  count: number;
  featureSize: number;
  features: Float32Array;
  classes: number;
  probabilities: Float32Array;
}

export interface Classifier {
  /** [height, width, channels] the classifier takes. */
  inputShape: [number, number, number];
  classes: number;
  /** `images`: [n, h, w, c] in [0, 1]; runs in batches so memory stays flat. Does not dispose `images`. */
  classify(images: tf.Tensor4D, batchSize?: number): Classified;
}

export async function loadClassifier(dataset: EvalDataset, folder: string = classifierFolder(dataset)): Promise<Classifier> {
  if (!existsSync(join(folder, 'model.json'))) {
    throw new EvalError(
      `no ${dataset} classifier: ${join(folder, 'model.json')} does not exist\n` +
        `help: train one with \`npx tsx scripts/train-classifier.ts --dataset ${dataset}\``,
    );
  }
  const model = await loadModelFolder(folder);
  let featureLayer: tf.layers.Layer;
  try {
    featureLayer = model.getLayer(CLASSIFIER_FEATURE_LAYER);
  } catch {
    throw new Error(`the classifier in ${folder} has no layer named '${CLASSIFIER_FEATURE_LAYER}' to take features from`);
  }
  const twoHeaded = tf.model({
    inputs: model.inputs,
    outputs: [featureLayer.output as tf.SymbolicTensor, model.outputs[0]],
  });
  const [, height, width, channels] = model.inputs[0].shape;
  const featureSize = (featureLayer.output as tf.SymbolicTensor).shape[1]!;
  const classes = model.outputs[0].shape[1]!;
  const inputShape: [number, number, number] = [height!, width!, channels!];

  return {
    inputShape,
    classes,
    classify(images, batchSize = 500) {
      const actual = images.shape.slice(1);
      if (actual.some((size, axis) => size !== inputShape[axis])) {
        throw new Error(`the classifier takes images of shape [batch, ${inputShape.join(', ')}], got [batch, ${actual.join(', ')}]`);
      }
      const count = images.shape[0];
      const features = new Float32Array(count * featureSize);
      const probabilities = new Float32Array(count * classes);
      for (let start = 0; start < count; start += batchSize) {
        const size = Math.min(batchSize, count - start);
        const [f, p] = tf.tidy(() => {
          const batch = images.slice([start, 0, 0, 0], [size, -1, -1, -1]);
          const outputs = twoHeaded.predict(batch) as tf.Tensor[];
          return [outputs[0].dataSync(), outputs[1].dataSync()];
        });
        features.set(f, start * featureSize);
        probabilities.set(p, start * classes);
      }
      return { count, featureSize, features, classes, probabilities };
    },
  };
}
