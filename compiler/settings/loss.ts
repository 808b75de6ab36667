import type { LossIR, Origin } from '../ir.js';
import { positiveNumber, unitInterval, variantMap, type SettingsKind } from './variant.js';

/** `loss bce(from_logits = true)` and the other adversarial losses. */
const labelSmoothing = { ...unitInterval, default: 0 };

export const lossKind: SettingsKind = {
  keyword: 'loss',
  variantNoun: 'loss',
  example: 'loss bce',
  variants: variantMap(
    {
      name: 'bce',
      summary: 'binary cross-entropy (the original GAN loss)',
      positional: [],
      schema: {
        type: 'object',
        properties: {
          from_logits: { type: 'boolean', default: false },
          g_loss: { enum: ['non_saturating', 'minimax'], default: 'non_saturating' },
          label_smoothing: labelSmoothing,
        },
        additionalProperties: false,
      },
    },
    {
      name: 'least_squares',
      summary: 'least-squares GAN (mean squared error on the scores)',
      positional: [],
      schema: { type: 'object', properties: { label_smoothing: labelSmoothing }, additionalProperties: false },
    },
    {
      name: 'wasserstein',
      summary: 'Wasserstein critic loss, with a gradient penalty or weight clipping',
      positional: [],
      schema: {
        type: 'object',
        properties: { gradient_penalty: positiveNumber, clip: positiveNumber },
        additionalProperties: false,
      },
    },
    { name: 'hinge', summary: 'hinge loss on the critic\'s scores', positional: [], schema: { type: 'object', properties: {}, additionalProperties: false } },
  ),
};

export interface LossOptions {
  from_logits?: boolean;
  g_loss?: LossIR['generatorLoss'];
  label_smoothing?: number;
  gradient_penalty?: number;
  clip?: number;
}

/** Options are validated with defaults applied; the bce-only fields take bce's defaults for other losses. */
export function lowerLoss(kind: LossIR['kind'], options: LossOptions, origin: Origin): LossIR {
  return {
    kind,
    fromLogits: options.from_logits === true,
    generatorLoss: options.g_loss ?? 'non_saturating',
    labelSmoothing: options.label_smoothing ?? 0,
    gradientPenalty: options.gradient_penalty,
    weightClip: options.clip,
    origin,
  };
}
