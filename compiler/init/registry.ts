import type { InitScheme } from './scheme.js';
import { pytorchInit } from './pytorch.js';
import { kerasInit } from './keras.js';
import { dcganInit } from './dcgan.js';
import { normalInit } from './normal.js';
import { uniformInit } from './uniform.js';
import { glorotInit } from './glorot.js';
import { kaimingInit } from './kaiming.js';

/** Every initialisation scheme, by the name a spec writes. */
export const initSchemes: ReadonlyMap<string, InitScheme> = new Map<string, InitScheme>(
  ([pytorchInit, kerasInit, dcganInit, normalInit, uniformInit, glorotInit, kaimingInit] as InitScheme[]).map((s): [string, InitScheme] => [s.name, s]),
);

export function initScheme(name: string): InitScheme | undefined {
  return initSchemes.get(name);
}
