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

/**
 * The first bracket that opens past MAX_NESTING, found before parsing so that no pass recurses
 * that deep. A statement keyword starts afresh, as the parser's recovery does, so brackets left
 * open in earlier statements do not add up.
 */
export function tooDeepOpener(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  for (const token of tokens) {
    if (tokenMatcher(token, LParen) || tokenMatcher(token, LBracket)) {
      depth += 1;
      if (depth > MAX_NESTING) return token;
    } else if (tokenMatcher(token, RParen) || tokenMatcher(token, RBracket)) {
      depth = Math.max(0, depth - 1);
    } else if (tokenMatcher(token, Keyword) && !tokenMatcher(token, BooleanLiteral)) {
      depth = 0;
    }
  }
  return undefined;
}
