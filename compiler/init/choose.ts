import type { Framework } from '../frameworks.js';
import type { Initializers } from '../layers/kind.js';
import { initScheme } from './registry.js';
import type { ChosenScheme, WeightFacts } from './scheme.js';

/** The scheme each framework draws with where the spec names none. */
const frameworkSchemes: Record<Framework, ChosenScheme> = { pytorch: { kind: 'pytorch' }, keras: { kind: 'keras' } };

/**
 * Each weight's initializer: from the layer's own `init`, else its network's (`init G ...`), else
 * the framework's scheme, the first of them that covers the weight (DCGAN's covers only conv and
 * batch-norm weights; the framework's covers all).
 */
export function chooseInitializers(weights: readonly WeightFacts[], chosen: readonly (ChosenScheme | undefined)[], framework: Framework): Initializers {
  const chain = [...chosen.filter((c): c is ChosenScheme => c !== undefined), frameworkSchemes[framework]];
  const initializers: Initializers = {};
  for (const weight of weights) {
    for (const { kind, ...options } of chain) {
      const scheme = initScheme(kind);
      if (scheme === undefined) throw new Error(`lowering: no init scheme \`${kind}\`; the checker should have reported it`);
      const initializer = scheme.initializer(weight, options);
      if (initializer !== undefined) {
        initializers[weight.role] = initializer;
        break;
      }
    }
  }
  return initializers;
}
