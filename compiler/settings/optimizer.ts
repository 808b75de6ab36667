import type { OptimizerIR, Origin } from '../ir.js';
import { lowerSchedule, type ScheduleOptions } from './schedule.js';
import { positiveNumber, unitInterval, variantMap, type SettingsKind } from './variant.js';

/** `optimizer G adam(lr = 2e-4, betas = [0.5, 0.999])`: one per network. */

/** The checker resolves `schedule` (a name or a call) to an object before validation. */
const schedule = { type: 'object', required: ['kind'], default: { kind: 'constant' } };
const lr = positiveNumber;

export const optimizerKind: SettingsKind = {
  keyword: 'optimizer',
  variantNoun: 'optimizer',
  example: 'optimizer G adam(lr = 2e-4, betas = [0.5, 0.999])',
  variants: variantMap(
    {
      name: 'adam',
      summary: 'Adam (adaptive moments)',
      positional: [],
      schema: {
        type: 'object',
        properties: {
          lr,
          betas: { type: 'array', items: unitInterval, minItems: 2, maxItems: 2, default: [0.9, 0.999] },
          eps: { ...positiveNumber, default: 1e-8 },
          schedule,
        },
        required: ['lr'],
        additionalProperties: false,
      },
    },
    {
      name: 'sgd',
      summary: 'stochastic gradient descent, with optional momentum',
      positional: [],
      schema: {
        type: 'object',
        properties: { lr, momentum: { type: 'number', minimum: 0, default: 0 }, schedule },
        required: ['lr'],
        additionalProperties: false,
      },
    },
    {
      name: 'rmsprop',
      summary: 'RMSprop',
      positional: [],
      schema: {
        type: 'object',
        properties: {
          lr,
          decay: { ...unitInterval, default: 0.9 },
          momentum: { type: 'number', minimum: 0, default: 0 },
          eps: { ...positiveNumber, default: 1e-7 },
          schedule,
        },
        required: ['lr'],
        additionalProperties: false,
      },
    },
  ),
};

type AdamOptions = { lr: number; betas: [number, number]; eps: number; schedule: ScheduleOptions };
type SgdOptions = { lr: number; momentum: number; schedule: ScheduleOptions };
type RmspropOptions = { lr: number; decay: number; momentum: number; eps: number; schedule: ScheduleOptions };

/** Options are validated with defaults applied, so every field is present. */
export function lowerOptimizer(kind: OptimizerIR['kind'], options: Record<string, unknown>, origin: Origin): OptimizerIR {
  switch (kind) {
    case 'adam': {
      const o = options as AdamOptions;
      return { kind, lr: o.lr, beta1: o.betas[0], beta2: o.betas[1], epsilon: o.eps, schedule: lowerSchedule(o.schedule), origin };
    }
    case 'sgd': {
      const o = options as SgdOptions;
      return { kind, lr: o.lr, momentum: o.momentum, schedule: lowerSchedule(o.schedule), origin };
    }
    case 'rmsprop': {
      const o = options as RmspropOptions;
      return { kind, lr: o.lr, decay: o.decay, momentum: o.momentum, epsilon: o.eps, schedule: lowerSchedule(o.schedule), origin };
    }
  }
}
