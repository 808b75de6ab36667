import type { CodeEntry } from './entry.js';

/** GAN06xx: the command line and files. */
export const usageCodes = {
  unreadableSpec: { code: 'GAN0601', severity: 'error', summary: 'a spec file that cannot be read' },
} satisfies Record<string, CodeEntry>;
