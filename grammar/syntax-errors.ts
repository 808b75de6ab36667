import type { Diagnostic, Label } from '../diagnostics/diagnostic.js';
import { diagnostic } from '../diagnostics/make.js';
import { tokenMatcher, type ILexingError, type IRecognitionException, type IToken, type TokenType } from './chevrotain.js';
import { endOfFileSpan, tokenSpan } from './spans.js';
import { isEndOfFile } from './token-names.js';
import * as t from './tokens.js';

/** What the conversions need to know about the file. */
export interface SourceTokens {
  path: string;
  text: string;
  tokens: IToken[];
}

/** A character no token starts with (Chevrotain groups a run of them into one error). */
export function lexingErrorDiagnostic(error: ILexingError, path: string, text: string): Diagnostic {
  const characters = text.slice(error.offset, error.offset + error.length);
  const span = {
    file: path,
    start: { offset: error.offset, line: error.line ?? 1, column: error.column ?? 1 },
    end: { offset: error.offset + error.length, line: error.line ?? 1, column: (error.column ?? 1) + error.length },
  };
  const noun = [...characters].length === 1 ? 'character' : 'characters';
  return diagnostic('unexpectedCharacter', span, `unexpected ${noun} \`${printable(characters)}\``, {
    help: characterHelp[characters[0]],
  });
}

const shownCharacters = 24;

/** Characters as a message can show them: controls and line separators as `\uXXXX`, a long run cut short. */
function printable(characters: string): string {
  const shown = characters.length > shownCharacters ? `${characters.slice(0, shownCharacters)}...` : characters;
  return shown.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Fixes for characters people bring from other languages. */
const characterHelp: Record<string, string> = {
  "'": 'strings use double quotes: `"text"`',
  ';': 'statements need no `;` between them: remove it',
  ':': 'named arguments use `=`, as in `stride = 2`',
};

export function unterminatedStringDiagnostic(token: IToken, path: string): Diagnostic {
  return diagnostic('unterminatedString', tokenSpan(token, path), 'string has no closing `"` before the end of the line', {
    help: 'close the string with `"` on the same line',
  });
}

/** A parser error: primary span on the offending token (zero-width at the end of the file). */
export function recognitionErrorDiagnostic(error: IRecognitionException, source: SourceTokens): Diagnostic {
  const token = error.token;
  const span = isEndOfFile(token) ? endOfFileSpan(source.text, source.path) : tokenSpan(token, source.path);
  const index = isEndOfFile(token) ? source.tokens.length : tokenIndex(source.tokens, token.startOffset);
  const previous = source.tokens[index - 1];
  const rule = error.context.ruleStack[error.context.ruleStack.length - 1];
  const labels = unclosedOpenerLabels(rule, token, index, source);
  return diagnostic('unexpectedToken', span, error.message, {
    labels,
    help: parseHelp(rule, token, previous, source.tokens[index + 1]),
  });
}

function tokenIndex(tokens: IToken[], offset: number): number {
  let low = 0;
  let high = tokens.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const start = tokens[middle].startOffset;
    if (start === offset) return middle;
    if (start < offset) low = middle + 1;
    else high = middle - 1;
  }
  return low;
}

const openerOf: Record<string, { open: TokenType; close: TokenType; text: string }> = {
  arguments: { open: t.LParen, close: t.RParen, text: '(' },
  parenthesized: { open: t.LParen, close: t.RParen, text: '(' },
  list: { open: t.LBracket, close: t.RBracket, text: '[' },
  networkStatement: { open: t.LCurly, close: t.RCurly, text: '{' },
};

/**
 * When a closing bracket is missing and the parser only noticed on a later line (or at the
 * end of the file), point at the bracket that was left open.
 */
function unclosedOpenerLabels(rule: string, found: IToken, index: number, source: SourceTokens): Label[] {
  const pair = openerOf[rule];
  if (pair === undefined) return [];
  const opener = enclosingOpener(pair, index, source.tokens);
  if (opener === undefined) return [];
  const sameLine = !isEndOfFile(found) && found.startLine === opener.startLine;
  if (sameLine || isClosedLater(pair, index, source.tokens)) return [];
  return [{ span: tokenSpan(opener, source.path), message: `this \`${pair.text}\` is not closed` }];
}

function enclosingOpener(pair: { open: TokenType; close: TokenType }, index: number, tokens: IToken[]): IToken | undefined {
  let depth = 0;
  for (let i = index - 1; i >= 0; i -= 1) {
    if (tokenMatcher(tokens[i], pair.close)) depth += 1;
    else if (tokenMatcher(tokens[i], pair.open)) {
      if (depth === 0) return tokens[i];
      depth -= 1;
    }
  }
  return undefined;
}

/** Whether the bracket is closed further on, before the block or statement around it ends. */
function isClosedLater(pair: { open: TokenType; close: TokenType }, index: number, tokens: IToken[]): boolean {
  let depth = 0;
  for (let i = index; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (tokenMatcher(token, pair.open)) depth += 1;
    else if (tokenMatcher(token, pair.close)) {
      if (depth === 0) return true;
      depth -= 1;
    } else if (startsStatement(token) || (pair.close !== t.RCurly && tokenMatcher(token, t.RCurly))) {
      return false;
    }
  }
  return false;
}

function startsStatement(token: IToken): boolean {
  return tokenMatcher(token, t.Keyword) && !tokenMatcher(token, t.BooleanLiteral);
}

/**
 * Whether bad characters sit just before `offset` (a token's start, or the end of the
 * file): the parser then sees a gap where they were (`3 @@ 4` reads as `3 4`), and an
 * error there would only repeat the lexer's.
 */
export function followsLexingError(offset: number, source: SourceTokens, lexingErrors: ILexingError[]): boolean {
  const index = tokenIndex(source.tokens, offset);
  const previous = source.tokens[index - 1];
  const gapStart = previous === undefined ? 0 : (previous.endOffset ?? previous.startOffset) + 1;
  return lexingErrors.some((error) => error.offset >= gapStart && error.offset < offset);
}

/** A help line where the fix is clear from the tokens around the error. */
function parseHelp(rule: string, found: IToken, previous: IToken | undefined, next: IToken | undefined): string | undefined {
  const foundKeyword = !isEndOfFile(found) && tokenMatcher(found, t.Keyword);
  switch (rule) {
    case 'titleStatement':
      return 'write the title in double quotes: `title "My GAN"`';
    case 'constStatement':
      if (previous !== undefined && tokenMatcher(previous, t.Identifier) && startsValue(found)) {
        return `write \`const ${previous.image} = ${found.image}\``;
      }
      return undefined;
    case 'networkStatement':
      if (foundKeyword && previous !== undefined && tokenMatcher(previous, t.RoleKeyword) && next !== undefined && tokenMatcher(next, t.LCurly)) {
        return `\`${found.image}\` is a keyword; choose another name for the network`;
      }
      return undefined;
    case 'networkSettingStatement':
      // `optimizer adam(...)`: the kind was read as the network, and its `(` came where the kind should.
      if (previous !== undefined && tokenMatcher(previous, t.Identifier) && !isEndOfFile(found) && tokenMatcher(found, t.LParen)) {
        return `name the network first: \`optimizer G ${previous.image}(...)\` or \`init G ${previous.image}(...)\`, with the network's name (or \`generator\` / \`discriminator\` when it has none)`;
      }
      return undefined;
    case 'specFile':
      if (!isEndOfFile(found) && tokenMatcher(found, t.Identifier) && next !== undefined && tokenMatcher(next, t.Equals)) {
        return `declare constants with \`const\`: \`const ${found.image} = ...\``;
      }
      return undefined;
    default:
      return undefined;
  }
}

function startsValue(token: IToken): boolean {
  return [t.NumberLiteral, t.AnyString, t.BooleanLiteral, t.Identifier, t.LBracket, t.LParen, t.Minus].some((type) =>
    tokenMatcher(token, type),
  );
}
