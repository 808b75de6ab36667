import type { DataSpec } from '../../runtime/program.js';
import type { Cited, Origin } from '../ir.js';
import { positiveInteger, variantMap, type SettingsKind } from './variant.js';

/** `data mnist(...)`, `data fashion_mnist(...)`, `data images(...)`: where training examples come from. */

const common = {
  range: { enum: [[-1, 1], [0, 1]], default: [-1, 1] },
  batch: { ...positiveInteger, default: 64 },
  shuffle: { type: 'boolean', default: true },
  drop_last: { type: 'boolean', default: false },
};

const idxSchema = {
  type: 'object',
  properties: {
    ...common,
    labels: { type: 'boolean', default: false },
    path: { type: 'string', minLength: 1 },
  },
  additionalProperties: false,
};

export const dataKind: SettingsKind = {
  keyword: 'data',
  variantNoun: 'data source',
  example: 'data mnist(range = [-1, 1], batch = 64)',
  variants: variantMap(
    { name: 'mnist', summary: 'MNIST handwritten digits, 28x28x1, 10 classes', positional: [], schema: idxSchema },
    { name: 'fashion_mnist', summary: 'Fashion-MNIST clothing images, 28x28x1, 10 classes', positional: [], schema: idxSchema },
    {
      name: 'images',
      summary: 'a folder of PNG/JPEG images, resized and centre-cropped',
      positional: [],
      schema: {
        type: 'object',
        properties: {
          ...common,
          path: { type: 'string', minLength: 1 },
          size: positiveInteger,
          crop: positiveInteger,
          channels: { enum: [1, 3], default: 3 },
          flip: { type: 'array', items: { enum: ['horizontal', 'vertical'] }, uniqueItems: true, default: [] },
        },
        required: ['path', 'size'],
        additionalProperties: false,
      },
    },
  ),
};

const idxClasses = 10;
const idxShape: [number, number, number] = [28, 28, 1];

interface DataOptions {
  range: [number, number];
  batch: number;
  shuffle: boolean;
  drop_last: boolean;
  labels?: boolean;
  path?: string;
  size?: number;
  crop?: number;
  channels?: number;
  flip?: ('horizontal' | 'vertical')[];
}

/** [height, width, channels] of one example. */
export function dataShape(source: string, values: Record<string, unknown>): [number, number, number] {
  if (source !== 'images') return idxShape;
  const options = values as unknown as DataOptions;
  const side = options.crop ?? options.size ?? 0;
  return [side, side, options.channels ?? 3];
}

/** Class count when batches carry labels; undefined otherwise. */
export function dataClasses(source: string, values: Record<string, unknown>): number | undefined {
  return source !== 'images' && values.labels === true ? idxClasses : undefined;
}

/** Options are validated with defaults applied. */
export function lowerData(source: DataSpec['source'], values: Record<string, unknown>, origin: Origin): Cited<DataSpec> {
  const options = values as unknown as DataOptions;
  const images = source === 'images';
  return {
    source,
    path: options.path,
    range: [options.range[0], options.range[1]],
    batchSize: options.batch,
    shuffle: options.shuffle,
    dropLast: options.drop_last,
    labels: options.labels === true,
    classes: images ? 0 : idxClasses,
    shape: dataShape(source, values),
    resize: images ? options.size : undefined,
    crop: images ? (options.crop ?? options.size) : undefined,
    flips: options.flip ?? [],
    origin,
  };
}
