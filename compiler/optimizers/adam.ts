import { diagnostic } from '../../diagnostics/make.js';
import { numberLiteral as n } from '../lowering/literal.js';
import { positiveNumber, unitInterval } from '../settings/variant.js';
import { optimizerSchema } from './common.js';
import type { OptimizerKind, OptimizerOptions } from './kind.js';
import { adam as adamGraph } from '../graph/optimizers.js';

type AdamOptions = OptimizerOptions & { betas: [number, number]; eps: number };

/** GANs train Adam at 1e-4 to 2e-4; above this, steps are large enough to be suspect. */
const highLearningRate = 0.01;

export const adam: OptimizerKind<AdamOptions> = {
  name: 'adam',
  summary: 'Adam (adaptive moments)',
  positional: [],
  schema: optimizerSchema({
    betas: { type: 'array', items: unitInterval, minItems: 2, maxItems: 2, default: [0.9, 0.999] },
    eps: { ...positiveNumber, default: 1e-8 },
  }),
  // Keras's Adam: epsilon 1e-7 (PyTorch's: 1e-8).
  frameworkDefaults: { keras: { eps: 1e-7 } },
  tfjs: (o) => `tf.train.adam(${n(o.lr)}, ${n(o.betas[0])}, ${n(o.betas[1])}, ${n(o.eps)})`,
  check({ options, valueSpan }) {
    const span = valueSpan('lr');
    if (options.lr <= highLearningRate || span === undefined) return [];
    return [
      diagnostic('highAdamLearningRate', span, `learning rate ${options.lr} is high for Adam`, {
        label: `above ${highLearningRate}`,
        notes: ['GANs usually train Adam with 1e-4 to 2e-4; large steps tend to make them diverge or collapse'],
        help: 'try `lr = 2e-4`',
      }),
    ];
  },
  graph: (o) => adamGraph({ beta1: o.betas[0], beta2: o.betas[1], epsilon: o.eps }),
};
