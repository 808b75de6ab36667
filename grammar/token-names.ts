import { EOF, tokenMatcher, type IToken, type TokenType } from './chevrotain.js';
import * as t from './tokens.js';

/** How users write or think of each kind of token, for "expected ..." messages. */
const descriptions = new Map<TokenType, string>([
  [EOF, 'the end of the file'],
  [t.Identifier, 'a name'],
  [t.NumberLiteral, 'a number'],
  [t.AnyString, 'a string in double quotes'],
  [t.StringLiteral, 'a string in double quotes'],
  [t.BooleanLiteral, '`true` or `false`'],
  [t.RoleKeyword, '`generator` or `discriminator`'],
  [t.SettingKeyword, 'a statement keyword'],
  [t.BinaryOperator, '`+`, `-`, `*` or `/`'],
]);

/** `a name`, `` `(` ``, `` `data` ``: what a token type looks like in the user's file. */
export function describeTokenType(type: TokenType): string {
  const known = descriptions.get(type);
  if (known !== undefined) return known;
  const pattern = type.PATTERN;
  if (typeof pattern === 'string') return `\`${pattern}\``;
  if (pattern instanceof RegExp) return `\`${pattern.source}\``;
  return type.name;
}

const maxQuoted = 24;

/** The token as the user wrote it, quoted: "`stride`", or "the end of the file". */
export function describeFoundToken(token: IToken): string {
  if (tokenMatcher(token, EOF)) return 'the end of the file';
  const image = token.image.length > maxQuoted ? `${token.image.slice(0, maxQuoted)}...` : token.image;
  return `\`${image}\``;
}

export function isEndOfFile(token: IToken): boolean {
  return tokenMatcher(token, EOF);
}
