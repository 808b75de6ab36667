import { tokenMatcher, type IToken } from './chevrotain.js';
import * as t from './tokens.js';

// Read once: a namespace member access goes through a getter in CommonJS output.
const { LParen, LBracket, RParen, RBracket, Keyword, BooleanLiteral } = t;

/**
 * How deep `(` and `[` may nest. Each level costs the parser, the AST builder and the checker
 * stack frames; 32 is far past what a spec needs (`spectral_norm(conv2d(64, kernel = [4, 4]))`
 * is 3) and about a tenth of the depth at which Node's default stack overflows.
 */
export const MAX_NESTING = 32;

export interface TooDeep {
  /** The bracket that opens level MAX_NESTING + 1. */
  opener: IToken;
  /** The outermost bracket still open there: where to look when brackets were left unclosed. */
  outermost: IToken;
}

/**
 * The first bracket that opens past MAX_NESTING, found before parsing so that no pass recurses
 * that deep. A statement keyword starts afresh, as the parser's recovery does, so brackets left
 * open in earlier statements do not add up. Brackets left open within one statement do (the
 * count must never be below the parser's real depth, whatever its recovery does next).
 */
export function tooDeep(tokens: readonly IToken[]): TooDeep | undefined {
  const open: IToken[] = [];
  for (const token of tokens) {
    if (tokenMatcher(token, LParen) || tokenMatcher(token, LBracket)) {
      open.push(token);
      if (open.length > MAX_NESTING) return { opener: token, outermost: open[0] };
    } else if (tokenMatcher(token, RParen) || tokenMatcher(token, RBracket)) {
      open.pop();
    } else if (tokenMatcher(token, Keyword) && !tokenMatcher(token, BooleanLiteral)) {
      open.length = 0;
    }
  }
  return undefined;
}
