import type { ScheduleSpec } from '../../runtime/program.js';
import type { Cited, Origin } from '../ir.js';
import { positiveInteger, variantMap, type SettingsKind } from './variant.js';

/** `train(epochs = 50, d_steps = 1, updates = alternating, seed = 1, log_every = 100)` */
export const trainKind: SettingsKind = {
  keyword: 'train',
  example: 'train(epochs = 50)',
  variants: variantMap({
    name: '',
    summary: 'the training loop',
    positional: [],
    schema: {
      type: 'object',
      properties: {
        epochs: { ...positiveInteger, default: 1 },
        d_steps: { ...positiveInteger, default: 1 },
        updates: { enum: ['alternating', 'simultaneous'], default: 'alternating' },
        // G's step on the images D's step saw (the seeds' PyTorch loops), or on images of fresh noise.
        g_fakes: { enum: ['reuse', 'fresh'], default: 'reuse' },
        seed: { type: 'integer', minimum: 0, default: 0 },
        log_every: { ...positiveInteger, default: 100 },
      },
      additionalProperties: false,
    },
  }),
};

type TrainOptions = { epochs: number; d_steps: number; updates: ScheduleSpec['updates']; g_fakes: ScheduleSpec['generatorFakes']; seed: number; log_every: number };

export function lowerTrain(options: Record<string, unknown>, origin: Origin): Cited<ScheduleSpec> {
  const o = options as TrainOptions;
  return { epochs: o.epochs, dSteps: o.d_steps, updates: o.updates, generatorFakes: o.g_fakes, seed: o.seed, logEvery: o.log_every, origin };
}
