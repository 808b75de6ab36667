import type { CheckpointSpec } from '../../runtime/program.js';
import type { Cited, Origin } from '../ir.js';
import { positiveInteger, variantMap, type SettingsKind } from './variant.js';

/** `checkpoint(every = 5)`: save the generator every N epochs. */
export const checkpointKind: SettingsKind = {
  keyword: 'checkpoint',
  example: 'checkpoint(every = 5)',
  variants: variantMap({
    name: '',
    summary: 'generator checkpoints',
    positional: [],
    schema: { type: 'object', properties: { every: { ...positiveInteger, default: 1 } }, additionalProperties: false },
  }),
};

export function lowerCheckpoint(options: Record<string, unknown>, origin: Origin): Cited<CheckpointSpec> {
  return { everyEpochs: (options as { every: number }).every, origin };
}
