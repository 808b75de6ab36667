import type { CodeEntry } from './entry.js';

/** GAN03xx: option values, validated with JSON Schema. */
export const optionsCodes = {
  unknownOption: { code: 'GAN0301', severity: 'error', summary: 'an option the layer or statement does not have' },
  wrongType: { code: 'GAN0302', severity: 'error', summary: 'an option value of the wrong type' },
  notAnInteger: { code: 'GAN0303', severity: 'error', summary: 'a fractional number where an integer is required' },
  outOfRange: { code: 'GAN0304', severity: 'error', summary: 'a number outside the option\'s allowed range' },
  invalidChoice: { code: 'GAN0305', severity: 'error', summary: 'a value that is not one of the option\'s allowed values' },
  missingOption: { code: 'GAN0306', severity: 'error', summary: 'a required option is missing' },
  tooManyArguments: { code: 'GAN0307', severity: 'error', summary: 'more positional arguments than the layer or statement takes' },
  duplicateOption: { code: 'GAN0308', severity: 'error', summary: 'an option given twice' },
  wrongListLength: { code: 'GAN0309', severity: 'error', summary: 'a list with the wrong number of items' },
  invalidValue: { code: 'GAN0310', severity: 'error', summary: 'an option value that matches none of the accepted forms' },
  unexpectedCall: { code: 'GAN0311', severity: 'error', summary: 'a call where a plain value is expected' },
  positionalAfterNamed: { code: 'GAN0312', severity: 'error', summary: 'a positional argument after a named one' },
} satisfies Record<string, CodeEntry>;
