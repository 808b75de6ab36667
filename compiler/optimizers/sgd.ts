import { numberLiteral as n } from '../lowering/literal.js';
import { optimizerSchema } from './common.js';
import type { OptimizerKind, OptimizerOptions } from './kind.js';
import { sgd as sgdGraph } from '../graph/optimizers.js';

type SgdOptions = OptimizerOptions & { momentum: number };

export const sgd: OptimizerKind<SgdOptions> = {
  name: 'sgd',
  summary: 'stochastic gradient descent, with optional momentum',
  positional: [],
  schema: optimizerSchema({ momentum: { type: 'number', minimum: 0, default: 0 } }),
  tfjs: (o) => (o.momentum === 0 ? `tf.train.sgd(${n(o.lr)})` : `tf.train.momentum(${n(o.lr)}, ${n(o.momentum)})`),
  graph: (o) => sgdGraph({ momentum: o.momentum }),
};
