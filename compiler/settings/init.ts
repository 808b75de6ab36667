import { initSchemes } from '../init/registry.js';
import type { SettingsKind } from './variant.js';

/** Initialisation schemes, written as a layer's `init = normal(0, 0.02)` or a network's `init G dcgan`. */
export const initKind: SettingsKind = {
  keyword: 'init',
  variantNoun: 'init scheme',
  example: 'init = normal(0, 0.02)',
  variants: initSchemes,
};
