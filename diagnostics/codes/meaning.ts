import type { CodeEntry } from './entry.js';

/** GAN05xx: choices that are legal but wrong or suspect (activation vs loss, data range). */
export const meaningCodes = {
} satisfies Record<string, CodeEntry>;
