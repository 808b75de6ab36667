import type { CodeEntry } from './entry.js';

/** GAN04xx: tensor shapes through the layers. */
export const shapesCodes = {
} satisfies Record<string, CodeEntry>;
