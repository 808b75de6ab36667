import * as ts from 'typescript';
import { createHash } from 'node:crypto';
import { checkSource } from '../../compiler/index.js';
import { emitTrainer } from '../../compiler/emit/index.js';
import { codes } from '../../diagnostics/codes/index.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import type { Position, Span } from '../../diagnostics/span.js';

/**
 * What must hold for any input given to the checker, in process: it returns (no throw) within
 * a time bound; every diagnostic has a catalogued code and a span inside the text whose line
 * and column agree with its offset; the renderer takes them; and a spec that checks clean
 * emits a trainer whose TypeScript parses. Each failed property throws an Error saying which.
 */

/** Far above the ~1 ms a spec takes: only a blow-up (quadratic work, a hang) crosses it. */
export const TIME_BOUND_MS = 2000;

const knownCodes = new Set(Object.values(codes).map((entry) => entry.code));

export interface Verdict {
  /** Checked clean: an IR was produced. */
  clean: boolean;
  /** Emitted and parsed now (false when the same IR was emitted before). */
  emitted: boolean;
}

/** IRs already emitted, by hash: clean mutants often lower to the same IR (a comment edited). */
const emittedIrs = new Set<string>();

export function judge(text: string, path: string): Verdict {
  const started = performance.now();
  let result: ReturnType<typeof checkSource>;
  try {
    result = checkSource(text, path);
  } catch (error) {
    throw new Error(`checkSource threw: ${(error as Error).stack ?? String(error)}`);
  }
  const milliseconds = performance.now() - started;
  if (milliseconds > TIME_BOUND_MS) throw new Error(`checkSource took ${milliseconds.toFixed(0)} ms (bound ${TIME_BOUND_MS} ms)`);

  checkDiagnostics(result.diagnostics, text, path);
  try {
    renderDiagnostics(result.diagnostics, new Map([[path, { path, text }]]));
  } catch (error) {
    throw new Error(`renderDiagnostics threw: ${(error as Error).stack ?? String(error)}`);
  }
  const hasErrors = result.diagnostics.some((d) => d.severity === 'error');
  if (hasErrors === (result.ir !== undefined)) throw new Error(`IR ${result.ir === undefined ? 'missing for a spec without errors' : 'given despite errors'}`);
  if (result.ir === undefined) return { clean: false, emitted: false };

  const key = createHash('sha256').update(JSON.stringify(result.ir)).digest('hex');
  if (emittedIrs.has(key)) return { clean: true, emitted: false };
  emittedIrs.add(key);
  let trainer: string;
  try {
    trainer = emitTrainer(result.ir);
  } catch (error) {
    throw new Error(`emitTrainer threw on a clean spec: ${(error as Error).stack ?? String(error)}`);
  }
  const problems = syntaxProblems(trainer);
  if (problems.length > 0) throw new Error(`the emitted trainer does not parse: ${problems.join('; ')}`);
  return { clean: true, emitted: true };
}

/** Throws unless every diagnostic has a catalogued code, a message, and spans inside `text` whose lines and columns match their offsets. */
export function checkDiagnostics(diagnostics: readonly Diagnostic[], text: string, path: string): void {
  const lines = new LineIndex(text);
  for (const d of diagnostics) checkDiagnostic(d, lines, path);
}

function checkDiagnostic(d: Diagnostic, lines: LineIndex, path: string): void {
  const what = `${d.code} "${d.message.slice(0, 80)}"`;
  if (!knownCodes.has(d.code)) throw new Error(`${what}: code not in the catalogue`);
  if (d.message.length === 0 || d.message.endsWith('.')) throw new Error(`${what}: a message must be non-empty, without a final period`);
  const spans: [string, Span][] = [['primary span', d.span], ...d.labels.map((l): [string, Span] => ['label', l.span])];
  if (d.causedBy !== undefined) spans.push(['causedBy', d.causedBy]);
  for (const [role, span] of spans) {
    if (span.file !== path) throw new Error(`${what}: ${role} names file ${span.file}, not ${path}`);
    if (!(span.start.offset >= 0 && span.start.offset <= span.end.offset && span.end.offset <= lines.length)) {
      throw new Error(`${what}: ${role} [${span.start.offset}, ${span.end.offset}) is not inside the text (${lines.length} characters)`);
    }
    checkPosition(span.start, lines, `${what}: ${role} start`);
    checkPosition(span.end, lines, `${what}: ${role} end`);
  }
}

function checkPosition(position: Position, lines: LineIndex, what: string): void {
  const expected = lines.positionAt(position.offset);
  if (expected.line !== position.line || expected.column !== position.column) {
    throw new Error(`${what}: offset ${position.offset} is ${expected.line}:${expected.column}, the span says ${position.line}:${position.column}`);
  }
}

/**
 * Line and column of an offset, by binary search over line starts: the same answer as
 * grammar/spans.ts positionAt (a test below holds them equal), without rescanning the text for
 * each of a long input's diagnostics.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  readonly length: number;

  constructor(text: string) {
    this.length = text.length;
    for (const match of text.matchAll(/\r\n?|\n/g)) this.starts.push(match.index + match[0].length);
  }

  positionAt(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 };
  }
}

/** TypeScript's syntax errors in a file (its parser alone: no types, no imports). */
export function syntaxProblems(source: string): string[] {
  const file = ts.createSourceFile('trainer.ts', source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === 'trainer.ts' ? file : undefined),
    writeFile: () => undefined,
    getDefaultLibFileName: () => 'lib.d.ts',
    useCaseSensitiveFileNames: () => true,
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => '',
    getNewLine: () => '\n',
    fileExists: (name) => name === 'trainer.ts',
    readFile: () => undefined,
  };
  const program = ts.createProgram({ rootNames: ['trainer.ts'], options: { noLib: true, noResolve: true, types: [] }, host });
  return program.getSyntacticDiagnostics(file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}
