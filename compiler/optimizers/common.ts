import { positiveNumber } from '../settings/variant.js';

/** The options every optimizer takes: its learning rate and how the rate changes per epoch. */

/** The checker resolves `schedule` (a name or a call) to an object before validation. */
const schedule = { type: 'object', required: ['kind'], default: { kind: 'constant' } };
const lr = positiveNumber;

/** An optimizer's options schema: `lr` (required) and `schedule`, plus its own. */
export function optimizerSchema(properties: Record<string, object>): object {
  return {
    type: 'object',
    properties: { lr, ...properties, schedule },
    required: ['lr'],
    additionalProperties: false,
  };
}
