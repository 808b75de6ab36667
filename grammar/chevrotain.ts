import type * as ChevrotainApi from 'chevrotain' with { 'resolution-mode': 'import' };
import * as path from 'node:path';

/**
 * Chevrotain 11 ships only as ES modules and this project compiles to CommonJS. Its entry
 * point imports `@chevrotain/utils`, whose package exports have no `require` condition, so
 * a loader that rewrites ESM to CommonJS (tsx, as the tests run) cannot resolve it. The
 * package also ships a self-contained bundle (`lib/chevrotain.mjs`, no imports) that loads
 * under both Node's `require(esm)` and tsx; we load that file by path and keep the
 * package's own types.
 */
const bundlePath = path.join(path.dirname(require.resolve('chevrotain')), '..', 'chevrotain.mjs');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const chevrotain = require(bundlePath) as typeof ChevrotainApi;

export const { createToken, Lexer, CstParser, EOF, tokenMatcher } = chevrotain;
export type {
  CstNode,
  CstElement,
  IToken,
  TokenType,
  ILexingError,
  IRecognitionException,
  IParserErrorMessageProvider,
  CstNodeLocation,
  IOrAlt,
  DSLMethodOptsWithErr,
} from 'chevrotain' with { 'resolution-mode': 'import' };
