import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { codes } from '../diagnostics/codes/index.js';
import { diagnostic } from '../diagnostics/make.js';
import type { SpecFile } from './ast.js';
import { buildAst } from './build-ast.js';
import { MAX_NESTING, tooDeep, type TooDeep } from './nesting.js';
import { specParser } from './parser.js';
import { tokenSpan, wholeFileSpan } from './spans.js';
import {
  followsLexingError,
  lexingErrorDiagnostic,
  recognitionErrorDiagnostic,
  unterminatedStringDiagnostic,
} from './syntax-errors.js';
import { notTextDiagnostic, notTextReason } from './text.js';
import { specLexer, UnterminatedString } from './tokens.js';

export interface ParsedSpec {
  spec: SpecFile;
  diagnostics: Diagnostic[];
  /**
   * False when the file was not parsed at all (not text, or nested past the limit): the AST is
   * empty, and checking it would only report statements as missing.
   */
  parsed: boolean;
}

/**
 * Parses a `.gan` file into its AST. Never throws on bad input: every lexer and parser
 * error in the file is returned (sorted by position), and the AST holds what could be
 * recovered, with missing parts left undefined.
 */
export function parseSpec(text: string, path: string): ParsedSpec {
  const notText = notTextReason(text, path);
  if (notText !== undefined) {
    return unparsed(text, path, [notTextDiagnostic(notText)]);
  }

  const lexed = specLexer.tokenize(text);
  const diagnostics: Diagnostic[] = lexed.errors.map((error) => lexingErrorDiagnostic(error, path, text));
  for (const token of lexed.tokens) {
    if (token.tokenType === UnterminatedString) diagnostics.push(unterminatedStringDiagnostic(token, path));
  }
  const nesting = tooDeep(lexed.tokens);
  if (nesting !== undefined) return unparsed(text, path, inFileOrder([...diagnostics, nestedTooDeepDiagnostic(nesting, path)]));

  const cst = specParser.parse(lexed.tokens);
  const source = { path, text, tokens: lexed.tokens };
  const syntaxErrors = specParser.errors.map((error) => recognitionErrorDiagnostic(error, source));

  const spec = buildAst(cst, { path, text, diagnostics: syntaxErrors });
  // An unexpected token right after bad characters is the same mistake, already reported.
  const cascades = (d: Diagnostic) => d.code === codes.unexpectedToken.code && followsLexingError(d.span.start.offset, source, lexed.errors);
  diagnostics.push(...syntaxErrors.filter((d) => !cascades(d)));
  return { spec, diagnostics: inFileOrder(diagnostics), parsed: true };
}

function unparsed(text: string, path: string, diagnostics: Diagnostic[]): ParsedSpec {
  return { spec: { path, statements: [], span: wholeFileSpan(text, path) }, diagnostics, parsed: false };
}

function nestedTooDeepDiagnostic({ opener, outermost }: TooDeep, path: string): Diagnostic {
  return diagnostic('nestedTooDeep', tokenSpan(opener, path), `brackets nest more than ${MAX_NESTING} deep here`, {
    label: `level ${MAX_NESTING + 1}`,
    labels: [{ span: tokenSpan(outermost, path), message: 'the outermost, still open' }],
    notes: ['the rest of the file is not checked until this is fixed'],
    help: 'close the brackets left open, or name inner parts with `const` to flatten the expression',
  });
}

/** Sorted by position; of several errors on one token, the first found is the one that explains it. */
function inFileOrder(diagnostics: Diagnostic[]): Diagnostic[] {
  const sorted = [...diagnostics].sort((a, b) => a.span.start.offset - b.span.start.offset);
  return sorted.filter((d, i) => i === 0 || d.span.start.offset !== sorted[i - 1].span.start.offset);
}
