import * as tf from '@tensorflow/tfjs';
import { classFigures } from './class-histogram.js';
import { loadClassifier, type Classified, type Classifier, type EvalDataset } from './classifier.js';
import { EvalError } from './error.js';
import { featureStatistics, frechetDistance, type FeatureStatistics } from './fid.js';
import { generateImages, loadGenerator } from './generator-samples.js';
import { DEFAULT_NEIGHBOURS, precisionRecall } from './precision-recall.js';
import { realImages } from './real-images.js';

/**
 * `ganc eval`: judges a generator against the real test set in the feature space of a committed
 * classifier, and judges real training images the same way, as the floor the generator's
 * figures can at best reach. Both sets and the reference hold the same number of images, since
 * FID and precision/recall depend on it.
 */

export interface QualityFigures {
  fid: number;
  covered: number;
  classes: number;
  klFromUniform: number;
  precision: number;
  recall: number;
  /** Images per predicted class. */
  histogram: number[];
}

export interface EvalReport {
  checkpoint: string;
  dataset: EvalDataset;
  /** Images in each set: samples, real floor, test reference. */
  count: number;
  neighbours: number;
  samples: QualityFigures;
  realFloor: QualityFigures;
}

export interface EvalOptions {
  dataset: EvalDataset;
  count: number;
  seed: number;
  dataDir?: string;
  /** Overrides the committed classifier (tests). */
  classifierFolder?: string;
}

const TEST_SPLIT_SIZE = 10000;

interface Reference {
  statistics: FeatureStatistics;
  features: tf.Tensor2D;
}

function classifyAndDispose(classifier: Classifier, images: tf.Tensor4D): Classified {
  try {
    return classifier.classify(images);
  } finally {
    images.dispose();
  }
}

function figuresAgainst(reference: Reference, set: Classified): QualityFigures {
  const features = tf.tensor2d(set.features, [set.count, set.featureSize]);
  try {
    const { precision, recall } = precisionRecall(reference.features, features, DEFAULT_NEIGHBOURS);
    const classes = classFigures(set.probabilities, set.classes);
    return {
      fid: frechetDistance(featureStatistics(set.features, set.count, set.featureSize), reference.statistics),
      covered: classes.covered,
      classes: classes.classes,
      klFromUniform: classes.klFromUniform,
      precision,
      recall,
      histogram: classes.histogram,
    };
  } finally {
    features.dispose();
  }
}

/** Why `count` images per set cannot be scored (more neighbours than images, or more than the test split), or undefined. */
export function evalCountProblem(count: number): string | undefined {
  if (Number.isInteger(count) && count > DEFAULT_NEIGHBOURS && count <= TEST_SPLIT_SIZE) return undefined;
  return `-n must be a whole number from ${DEFAULT_NEIGHBOURS + 1} to ${TEST_SPLIT_SIZE} (the test split's size), got ${count}`;
}

export async function evaluateCheckpoint(source: string, options: EvalOptions): Promise<EvalReport> {
  const { count, dataset } = options;
  const problem = evalCountProblem(count);
  if (problem !== undefined) throw new EvalError(problem);
  const classifier = await loadClassifier(dataset, options.classifierFolder);
  const generator = await loadGenerator(source);
  try {
    const shape = generator.facts.shape;
    if (shape.some((size, axis) => size !== classifier.inputShape[axis])) {
      throw new EvalError(
        `the generator makes images of shape [batch, ${shape.join(', ')}]; the ${dataset} classifier takes [batch, ${classifier.inputShape.join(', ')}]`,
      );
    }
    const real = classifyAndDispose(classifier, realImages(dataset, 'test', count, undefined, options.dataDir));
    const reference: Reference = {
      statistics: featureStatistics(real.features, real.count, real.featureSize),
      features: tf.tensor2d(real.features, [real.count, real.featureSize]),
    };
    try {
      const samples = classifyAndDispose(classifier, generateImages(generator, count, options.seed));
      const floor = classifyAndDispose(classifier, realImages(dataset, 'train', count, options.seed, options.dataDir));
      return {
        checkpoint: generator.checkpoint,
        dataset,
        count,
        neighbours: DEFAULT_NEIGHBOURS,
        samples: figuresAgainst(reference, samples),
        realFloor: figuresAgainst(reference, floor),
      };
    } finally {
      reference.features.dispose();
    }
  } finally {
    generator.model.dispose();
  }
}
