import type { CodeEntry } from './entry.js';

/** GAN03xx: option values, validated with JSON Schema. */
export const optionsCodes = {
} satisfies Record<string, CodeEntry>;
