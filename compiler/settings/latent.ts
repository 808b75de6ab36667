import type { LatentSpec } from '../../runtime/program.js';
import type { Cited, Origin } from '../ir.js';
import { positiveInteger, positiveNumber, variantMap, type SettingsKind } from './variant.js';

/** `latent normal(size = 100)` / `latent uniform(100, low = -1, high = 1)`: G's input noise. */
export const latentKind: SettingsKind = {
  keyword: 'latent',
  variantNoun: 'distribution',
  example: 'latent normal(size = 100)',
  variants: variantMap(
    {
      name: 'normal',
      summary: 'Gaussian noise N(mean, stddev^2)',
      positional: ['size'],
      schema: {
        type: 'object',
        properties: { size: positiveInteger, mean: { type: 'number', default: 0 }, stddev: { ...positiveNumber, default: 1 } },
        required: ['size'],
        additionalProperties: false,
      },
    },
    {
      name: 'uniform',
      summary: 'uniform noise in [low, high)',
      positional: ['size'],
      schema: {
        type: 'object',
        properties: { size: positiveInteger, low: { type: 'number', default: -1 }, high: { type: 'number', default: 1 } },
        required: ['size'],
        additionalProperties: false,
      },
    },
  ),
};

type NormalOptions = { size: number; mean: number; stddev: number };
type UniformOptions = { size: number; low: number; high: number };

/** Options are validated with defaults applied, so every field is present. */
export function lowerLatent(distribution: LatentSpec['distribution'], options: Record<string, unknown>, origin: Origin): Cited<LatentSpec> {
  if (distribution === 'normal') {
    const { size, mean, stddev } = options as NormalOptions;
    return { size, distribution, mean, stddev, origin };
  }
  const { size, low, high } = options as UniformOptions;
  return { size, distribution, low, high, origin };
}
