import { tokenMatcher, type IParserErrorMessageProvider, type IToken, type TokenType } from './chevrotain.js';
import * as t from './tokens.js';
import { describeFoundToken, describeTokenType } from './token-names.js';

/**
 * Parser error messages in the user's terms. Chevrotain calls these with the rule it was in,
 * the token it expected (or the first tokens of each path it could have taken) and the
 * token it found; we phrase each by the place in the grammar. Help lines and labels, which
 * need the surrounding tokens, are added in `syntax-errors.ts`.
 */
export const syntaxMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    return `expected ${expectedAt(ruleName, expected, previous)}, found ${describeFoundToken(actual)}`;
  },

  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected ${statementStart}, found ${describeFoundToken(firstRedundant)}`;
  },

  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    return `expected ${expectedChoice(ruleName, expectedPathsPerAlt)}, found ${describeFoundToken(actual[0])}`;
  },

  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    return `expected ${describeFirstTokens(expectedIterationPaths)}, found ${describeFoundToken(actual[0])}`;
  },
};


const statementStart = 'a statement such as `data`, `generator` or `train`';
const aValue = 'a value such as `64`, `ngf * 2`, `"text"`, `true` or `[1, 2]`';

function opens(previous: IToken, type: TokenType): boolean {
  return tokenMatcher(previous, type);
}

/** What one missing token means at its place in the grammar. */
function expectedAt(ruleName: string, expected: TokenType, previous: IToken): string {
  switch (`${ruleName}/${expected.name}`) {
    case 'specFile/EOF':
      return statementStart;
    case 'titleStatement/AnyString':
      return 'the title as a string in double quotes after `title`';
    case 'constStatement/Identifier':
      return 'a constant name after `const`';
    case 'constStatement/Equals':
      return `\`=\` after \`const ${previous.image}\``;
    case 'networkStatement/LCurly':
      return tokenMatcher(previous, t.RoleKeyword)
        ? `a network name or \`{\` after \`${previous.image}\``
        : `\`{\` to start the layers of \`${previous.image}\``;
    case 'networkStatement/RCurly':
      return 'a layer such as `dense(128)` or `}`';
    case 'networkSettingStatement/Identifier':
      return `a kind after the network \`${previous.image}\``;
    case 'arguments/RParen':
      return opens(previous, t.LParen) ? 'an argument or `)`' : '`)` or `,` after an argument';
    case 'list/RBracket':
      return opens(previous, t.LBracket) ? 'a list item or `]`' : '`]` or `,` after a list item';
    case 'parenthesized/RParen':
      return '`)` to close the parenthesis';
    default:
      return describeTokenType(expected);
  }
}

/** What an `OR` with no matching alternative wanted, by rule. */
function expectedChoice(ruleName: string, paths: TokenType[][][]): string {
  switch (ruleName) {
    case 'networkSettingStatement':
      return 'the network it is about (its name, or `generator` or `discriminator`)';
    case 'operand':
      return aValue;
    default:
      return describeFirstTokens(paths);
  }
}

/** "`(` or a name": the distinct first tokens of the paths Chevrotain could have taken. */
function describeFirstTokens(paths: TokenType[][][] | TokenType[][]): string {
  const firsts = new Set<string>();
  for (const path of paths.flat()) {
    const first = Array.isArray(path) ? path[0] : path;
    if (first !== undefined) firsts.add(describeTokenType(first));
  }
  const names = [...firsts];
  if (names.length <= 1) return names[0] ?? 'something else';
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
