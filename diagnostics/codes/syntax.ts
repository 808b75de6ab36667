import type { CodeEntry } from './entry.js';

/** GAN01xx: the lexer and the parser. */
export const syntaxCodes = {
  unexpectedCharacter: { code: 'GAN0101', severity: 'error', summary: 'a character that starts no token' },
  unexpectedToken: { code: 'GAN0102', severity: 'error', summary: 'a token the grammar does not allow here' },
  unterminatedString: { code: 'GAN0103', severity: 'error', summary: 'a string literal with no closing quote' },
  invalidEscape: { code: 'GAN0104', severity: 'error', summary: 'a backslash escape JSON does not allow in a string' },
  nestedTooDeep: { code: 'GAN0105', severity: 'error', summary: 'brackets nested deeper than the language allows (32)' },
  notText: { code: 'GAN0106', severity: 'error', summary: 'a file that is not UTF-8 text (a NUL, mostly control characters, or bytes that are not UTF-8)' },
} satisfies Record<string, CodeEntry>;
