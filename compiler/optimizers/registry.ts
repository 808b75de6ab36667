import type { OptimizerKind } from './kind.js';
import { adam } from './adam.js';
import { sgd } from './sgd.js';
import { rmsprop } from './rmsprop.js';
import { adamw } from './adamw.js';

/** Every optimizer of the language, by the name a spec writes, in the documentation's order. */
export const optimizerKinds: ReadonlyMap<string, OptimizerKind> = new Map<string, OptimizerKind>(
  ([adam, sgd, rmsprop, adamw] as OptimizerKind[]).map((kind): [string, OptimizerKind] => [kind.name, kind]),
);

export function optimizerKind(name: string): OptimizerKind | undefined {
  return optimizerKinds.get(name);
}
