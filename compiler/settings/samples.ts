import type { SamplesSpec } from '../../runtime/program.js';
import type { Cited, Origin } from '../ir.js';
import { positiveInteger, variantMap, type SettingsKind } from './variant.js';

/** `samples(grid = [4, 4], every = 1)`: a fixed-noise image grid saved during training. */
export const samplesKind: SettingsKind = {
  keyword: 'samples',
  example: 'samples(grid = [4, 4], every = 1)',
  variants: variantMap({
    name: '',
    summary: 'fixed-noise sample grids',
    positional: [],
    schema: {
      type: 'object',
      properties: {
        grid: { type: 'array', items: positiveInteger, minItems: 2, maxItems: 2, default: [4, 4] },
        // No default: it is rows * cols, which the grid decides.
        count: positiveInteger,
        every: { ...positiveInteger, default: 1 },
      },
      additionalProperties: false,
    },
  }),
};

type SamplesOptions = { grid: [number, number]; count?: number; every: number };

export function lowerSamples(options: Record<string, unknown>, origin: Origin): Cited<SamplesSpec> {
  const { grid, count, every } = options as SamplesOptions;
  return { rows: grid[0], cols: grid[1], count: count ?? grid[0] * grid[1], everyEpochs: every, origin };
}
