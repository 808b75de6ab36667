import type { CodeEntry } from './entry.js';

/** GAN06xx: the command line and files. */
export const usageCodes = {
} satisfies Record<string, CodeEntry>;
