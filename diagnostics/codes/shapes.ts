import type { CodeEntry } from './entry.js';

/** GAN04xx: tensor shapes through the layers. */
export const shapesCodes = {
  layerShape: { code: 'GAN0401', severity: 'error', summary: 'a layer that cannot apply to its input shape' },
  generatorOutput: { code: 'GAN0402', severity: 'error', summary: 'the generator\'s output differs from the data shape' },
  discriminatorOutput: { code: 'GAN0403', severity: 'error', summary: 'the discriminator does not end in one score per sample' },
  labelsRequired: { code: 'GAN0404', severity: 'error', summary: 'a label embedding without `labels = true` in data' },
  tensorTooLarge: { code: 'GAN0405', severity: 'error', summary: 'a layer whose output or parameter count is past 2^53, beyond exact counting' },
} satisfies Record<string, CodeEntry>;
