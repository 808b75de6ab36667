import { numberLiteral as n } from '../lowering/literal.js';
import { positiveNumber, unitInterval } from '../settings/variant.js';
import { optimizerSchema } from './common.js';
import type { OptimizerKind, OptimizerOptions } from './kind.js';
import { rmsprop as rmspropGraph } from '../graph/optimizers.js';

type RmspropOptions = OptimizerOptions & { decay: number; momentum: number; eps: number };

export const rmsprop: OptimizerKind<RmspropOptions> = {
  name: 'rmsprop',
  summary: 'RMSprop',
  positional: [],
  schema: optimizerSchema({
    decay: { ...unitInterval, default: 0.99 },
    momentum: { type: 'number', minimum: 0, default: 0 },
    eps: { ...positiveNumber, default: 1e-8 },
  }),
  // PyTorch's RMSprop: alpha 0.99, eps 1e-8 (the schema's); Keras's: rho 0.9, epsilon 1e-7.
  frameworkDefaults: { keras: { decay: 0.9, eps: 1e-7 } },
  tfjs: (o) => `tf.train.rmsprop(${n(o.lr)}, ${n(o.decay)}, ${n(o.momentum)}, ${n(o.eps)})`,
  graph: (o) => rmspropGraph({ decay: o.decay, momentum: o.momentum, epsilon: o.eps }),
};
