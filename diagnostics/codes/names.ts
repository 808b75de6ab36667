import type { CodeEntry } from './entry.js';

/** GAN02xx: names: constants, networks, undefined and unused names. */
export const namesCodes = {
} satisfies Record<string, CodeEntry>;
