import type { Code } from '../lowering/literal.js';
import type { SettingsVariant } from '../settings/variant.js';

/**
 * An initialisation scheme (`init G dcgan`, `dense(128, init = normal(0, 0.02))`): how a
 * layer's weights are first drawn. Each scheme lives in its own file of `compiler/init/`; a
 * framework names the scheme its layers use by default.
 */
export interface InitScheme<Options = Record<string, unknown>> extends SettingsVariant {
  /** The weight's initializer, or undefined where the scheme leaves the weight to the framework's default. */
  initializer(weight: WeightFacts, options: Options): Code | undefined;
}

/** A layer's `init` option: the checker resolves `init = normal(0, 0.02)` to `{ kind: 'normal', mean: 0, std: 0.02 }`. */
export const initOption = { type: 'object', properties: { kind: { type: 'string' } }, required: ['kind'] } as const;

/** A scheme as a spec writes it, checked: its name and options (`{ kind: 'normal', mean: 0, std: 0.02 }`). */
export interface ChosenScheme {
  kind: string;
  [option: string]: unknown;
}

/** What a weight is for: the scheme decides by it. */
export type WeightRole = 'kernel' | 'bias' | 'gamma' | 'beta' | 'embeddings';

/** One weight of a layer, as the schemes see it. */
export interface WeightFacts {
  role: WeightRole;
  /** The layer kind the weight belongs to (`conv2d`), for schemes that treat kinds apart (DCGAN's). */
  layer: string;
  /** Fan-in and fan-out as PyTorch counts them (a transposed convolution's fan-in is k*k*filters). */
  fanIn: number;
  fanOut: number;
}
