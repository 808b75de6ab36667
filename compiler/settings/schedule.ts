import type { LearningRateSchedule } from '../../runtime/program.js';
import { positiveInteger, positiveNumber, variantMap, type SettingsKind } from './variant.js';

/** Learning-rate schedules, written as an optimizer's `schedule = step(every = 10)` option. */
export const scheduleKind: SettingsKind = {
  keyword: 'schedule',
  variantNoun: 'schedule',
  example: 'schedule = step(every = 10, gamma = 0.5)',
  variants: variantMap(
    { name: 'constant', summary: 'the same learning rate throughout', positional: [], schema: { type: 'object', properties: {}, additionalProperties: false } },
    {
      name: 'step',
      summary: 'multiply the learning rate by gamma every N epochs',
      positional: [],
      schema: {
        type: 'object',
        properties: { every: positiveInteger, gamma: { ...positiveNumber, default: 0.1 } },
        required: ['every'],
        additionalProperties: false,
      },
    },
    {
      name: 'exponential',
      summary: 'multiply the learning rate by gamma each epoch',
      positional: [],
      schema: { type: 'object', properties: { gamma: { ...positiveNumber, default: 0.99 } }, additionalProperties: false },
    },
    {
      name: 'linear',
      summary: 'move the learning rate linearly to lr * end at the last epoch',
      positional: [],
      schema: { type: 'object', properties: { end: { type: 'number', minimum: 0, default: 0 } }, additionalProperties: false },
    },
  ),
};

/** What an optimizer's `schedule` option holds once checked: the variant name and its options (defaults applied). */
export type ScheduleOptions =
  | { kind: 'constant' }
  | { kind: 'step'; every: number; gamma: number }
  | { kind: 'exponential'; gamma: number }
  | { kind: 'linear'; end: number };

export function lowerSchedule(options: ScheduleOptions): LearningRateSchedule {
  switch (options.kind) {
    case 'constant':
      return { kind: 'constant' };
    case 'step':
      return { kind: 'step', every: options.every, gamma: options.gamma };
    case 'exponential':
      return { kind: 'exponential', gamma: options.gamma };
    case 'linear':
      return { kind: 'linear', endFactor: options.end };
  }
}
