import type { GeneratorFacts } from '../checkpoint/state.js';
import type { EvalDataset } from './classifier.js';
import { EvalError } from './error.js';

/** The data sets `ganc eval` has a classifier for. */
export const EVAL_DATASETS: readonly EvalDataset[] = ['mnist', 'fashion_mnist'];

/** Whose classifier and test set `eval` scores against, and where the IDX files are. */
export interface DatasetChoice {
  dataset: EvalDataset;
  /** The IDX folder: `--data-dir`, else the one the checkpoint recorded, else the bundled or system copy. */
  dataDir?: string;
  /** Why this data set, when the checkpoint did not say (a checkpoint from before data sets were recorded). */
  note?: string;
}

/** A mismatch between what was asked for and what the checkpoint was trained on: the user's to fix (exit 2). */
export class DatasetMismatchError extends EvalError {}

/**
 * The data set a checkpoint's generator is scored against: the one it records, unless
 * `--dataset` names another, which is refused (scoring a Fashion-MNIST generator against
 * MNIST's classifier gives a meaningless FID, not an error). A checkpoint without a record
 * takes `--dataset`, or MNIST with a note.
 */
export function chooseEvalDataset(checkpoint: string, facts: GeneratorFacts, requested: EvalDataset | undefined, dataDir: string | undefined): DatasetChoice {
  const recorded = facts.dataset;
  if (recorded === undefined) {
    const dataset = requested ?? 'mnist';
    return { dataset, dataDir, note: requested === undefined ? `${checkpoint} records no data set (written before they were recorded); scoring against mnist (--dataset to choose)` : undefined };
  }
  const trained = `${checkpoint} was trained on ${recorded.source}${recorded.path === undefined ? '' : ` (${recorded.path})`}, range [${recorded.range.join(', ')}], shape [batch, ${recorded.shape.join(', ')}], ${recorded.classes} classes`;
  if (!(EVAL_DATASETS as readonly string[]).includes(recorded.source)) {
    throw new DatasetMismatchError(`${trained}: ganc eval has classifiers only for ${EVAL_DATASETS.join(' and ')}`);
  }
  const source = recorded.source as EvalDataset;
  if (requested !== undefined && requested !== source) {
    throw new DatasetMismatchError(`--dataset ${requested} does not match the data set the generator learned: ${trained}; leave --dataset out to score against ${source}`);
  }
  return { dataset: source, dataDir: dataDir ?? recorded.path };
}
