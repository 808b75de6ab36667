import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { diagnostic } from '../../diagnostics/make.js';
import { checkUnboundedCritic, criticGeneratorLoss } from './critic.js';
import type { LossCheckContext, LossKind } from './kind.js';
import { wassersteinLoss } from '../graph/losses.js';

type WassersteinOptions = { gradient_penalty?: number; clip?: number };

const positive = { type: 'number', exclusiveMinimum: 0 } as const;

/** Exactly one Lipschitz constraint: WGAN-GP's penalty or the original WGAN's weight clipping. */
function checkConstraint({ valueSpan, span }: LossCheckContext<WassersteinOptions>): Diagnostic[] {
  const penalty = valueSpan('gradient_penalty');
  const clip = valueSpan('clip');
  if (penalty !== undefined && clip !== undefined) {
    const [first, second] = penalty.start.offset < clip.start.offset ? [penalty, clip] : [clip, penalty];
    return [
      diagnostic('wassersteinConstraint', second, '`wasserstein` takes either `gradient_penalty` or `clip`, not both', {
        label: 'second constraint',
        labels: [{ span: first, message: 'first constraint' }],
        help: 'keep `gradient_penalty` (WGAN-GP) or `clip` (the original WGAN)',
      }),
    ];
  }
  if (penalty !== undefined || clip !== undefined || span === undefined) return [];
  return [
    diagnostic('wassersteinConstraint', span, '`wasserstein` needs a Lipschitz constraint: `gradient_penalty` or `clip`', {
      label: 'no constraint',
      help: 'write `loss wasserstein(gradient_penalty = 10)` or `loss wasserstein(clip = 0.01)`',
    }),
  ];
}

/** The penalty is per sample: a layer that mixes the samples of a batch breaks it. */
function checkPerSampleCritic({ options, discriminator }: LossCheckContext<WassersteinOptions>): Diagnostic[] {
  if (options.gradient_penalty === undefined || discriminator === undefined) return [];
  return discriminator.layers
    .filter((layer) => layer.kind.mixesBatch === true)
    .map((layer) =>
      diagnostic('batchNormInCritic', layer.statement.callee.span, `\`${layer.kind.name}\` in the critic \`${discriminator.name}\` breaks the per-sample gradient penalty`, {
        label: 'mixes samples of a batch',
        help: 'use `layer_norm` instead',
      }),
    );
}

export const wasserstein: LossKind<WassersteinOptions> = {
  name: 'wasserstein',
  summary: 'Wasserstein critic loss, with a gradient penalty or weight clipping',
  positional: [],
  schema: {
    type: 'object',
    properties: { gradient_penalty: positive, clip: positive },
    additionalProperties: false,
  },
  scores: () => 'critic',
  constraint: (options) => ({ gradientPenalty: options.gradient_penalty, weightClip: options.clip }),
  check: (context) => [...checkUnboundedCritic('wasserstein', context), ...checkConstraint(context), ...checkPerSampleCritic(context)],
  tfjs: () => ({
    discriminator: {
      summary: 'the critic scores real images high and fakes low, mean D(G(z)) - mean D(x)',
      reads: ['realScores', 'fakeScores'],
      statements: [
        'const realScore: tf.Scalar = tf.mean(realScores);',
        'const fakeScore: tf.Scalar = tf.mean(fakeScores);',
        'return tf.sub(fakeScore, realScore);',
      ],
    },
    generator: criticGeneratorLoss,
  }),
  graph: () => wassersteinLoss,
};

