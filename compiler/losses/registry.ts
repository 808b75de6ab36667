import type { LossKind } from './kind.js';
import { bce } from './bce.js';
import { leastSquares } from './least_squares.js';
import { wasserstein } from './wasserstein.js';
import { hinge } from './hinge.js';
import { relativistic } from './relativistic.js';

/** Every loss of the language, by the name a spec writes, in the documentation's order. */
export const lossKinds: ReadonlyMap<string, LossKind> = new Map<string, LossKind>(
  ([bce, leastSquares, wasserstein, hinge, relativistic] as LossKind[]).map((kind): [string, LossKind] => [kind.name, kind]),
);

export function lossKind(name: string): LossKind | undefined {
  return lossKinds.get(name);
}
