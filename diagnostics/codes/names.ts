import type { CodeEntry } from './entry.js';

/** GAN02xx: names: constants, networks, undefined and unused names. */
export const namesCodes = {
  undefinedName: { code: 'GAN0201', severity: 'error', summary: 'a name that is neither a constant nor a value this option accepts' },
  duplicateConstant: { code: 'GAN0202', severity: 'error', summary: 'a constant defined twice' },
  duplicateStatement: { code: 'GAN0203', severity: 'error', summary: 'a statement that may appear once appears again' },
  unusedConstant: { code: 'GAN0204', severity: 'warning', summary: 'a constant that nothing uses' },
  unknownNetwork: { code: 'GAN0205', severity: 'error', summary: 'an optimizer for a network the spec does not define' },
  missingStatement: { code: 'GAN0206', severity: 'error', summary: 'a required statement is missing' },
  unknownVariant: { code: 'GAN0207', severity: 'error', summary: 'an unknown data source, distribution, loss, optimizer or schedule' },
  unknownLayer: { code: 'GAN0208', severity: 'error', summary: 'an unknown layer kind' },
  divisionByZero: { code: 'GAN0209', severity: 'error', summary: 'a constant expression divides by zero' },
  constantCycle: { code: 'GAN0210', severity: 'error', summary: 'a constant defined in terms of itself' },
  invalidOperand: { code: 'GAN0211', severity: 'error', summary: 'arithmetic on something that is not a number' },
  missingVariant: { code: 'GAN0212', severity: 'error', summary: 'a statement that needs a kind (`data mnist`, `loss bce`) has none' },
  unexpectedVariant: { code: 'GAN0213', severity: 'error', summary: 'a kind given to a statement that takes none (`train`, `samples`, `checkpoint`)' },
  duplicateNetworkName: { code: 'GAN0214', severity: 'error', summary: 'the generator and the discriminator share a name' },
  missingOptimizerTarget: { code: 'GAN0215', severity: 'error', summary: 'an optimizer that names no network' },
  numberOutOfRange: { code: 'GAN0216', severity: 'error', summary: 'a number, written or computed, beyond the largest a double holds (about 1.8e308)' },
} satisfies Record<string, CodeEntry>;
