import type { Diagnostic, Label } from './diagnostic.js';
import type { SourceFile, Span } from './span.js';

/**
 * The one place diagnostics become text, in the style of rustc:
 *
 *   error[GAN0402]: conv2d_transpose gives height 8, but the data is 7 high
 *     --> specs/b5.gan:14:3
 *      |
 *   14 |   conv2d_transpose(ngf * 2, kernel = 4, stride = 2, padding = 1)
 *      |   ^^^^^^^^^^^^^^^^ output [batch, 8, 8, 128]
 *      = help: use kernel = 3 to go from 4 to 7
 */
export interface RenderOptions {
  color?: boolean;
}

type Paint = (style: keyof typeof ansi, text: string) => string;

const ansi = { red: '31', yellow: '33', blue: '34', cyan: '36', bold: '1' } as const;

export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, SourceFile>,
  options: RenderOptions = {},
): string {
  const paint: Paint = options.color ? (style, text) => `\x1b[${ansi[style]}m${text}\x1b[0m` : (_style, text) => text;
  const blocks = diagnostics.map((d) => renderOne(d, sources, paint));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0) blocks.push(summaryLine(errors, warnings));
  return blocks.join('\n\n') + (blocks.length > 0 ? '\n' : '');
}

function summaryLine(errors: number, warnings: number): string {
  const parts: string[] = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return `${parts.join(', ')} found`;
}

function renderOne(d: Diagnostic, sources: ReadonlyMap<string, SourceFile>, paint: Paint): string {
  const color = d.severity === 'error' ? 'red' : 'yellow';
  const lines = [`${paint(color, `${d.severity}[${d.code}]`)}${paint('bold', `: ${d.message}`)}`];
  const spans: Label[] = [{ span: d.span, message: d.label ?? '' }, ...d.labels];
  const gutter = Math.max(...spans.map((l) => String(l.span.start.line).length));
  const pad = ' '.repeat(gutter);
  spans.forEach((label, index) => {
    const primary = index === 0;
    lines.push(`${pad}${paint('blue', primary ? '-->' : ':::')} ${location(label.span)}`);
    const source = sources.get(label.span.file);
    if (source) lines.push(...snippet(source, label, primary, gutter, paint, color));
  });
  for (const note of d.notes) lines.push(`${pad} ${paint('blue', '=')} note: ${note}`);
  if (d.help) lines.push(`${pad} ${paint('blue', '=')} ${paint('cyan', 'help')}: ${d.help}`);
  return lines.join('\n');
}

export function location(span: Span): string {
  return `${span.file}:${span.start.line}:${span.start.column}`;
}

function snippet(
  source: SourceFile,
  label: Label,
  primary: boolean,
  gutter: number,
  paint: Paint,
  color: 'red' | 'yellow',
): string[] {
  const { start, end } = label.span;
  const text = sourceLine(source, start.line);
  if (text === undefined) return [];
  // A span running past its first line is underlined to that line's end.
  const last = end.line === start.line ? end.column : text.length + 1;
  const line = displayed(text, start.column);
  const bar = paint('blue', '|');
  const pad = ' '.repeat(gutter);
  const from = line.columnOf(start.column);
  const width = Math.max(1, line.columnOf(last) - from);
  const marks = (primary ? '^' : '-').repeat(width);
  const underline = `${' '.repeat(from)}${paint(primary ? color : 'blue', marks)}`;
  return [
    `${pad} ${bar}`,
    `${paint('blue', String(start.line).padStart(gutter))} ${bar} ${line.text}`,
    `${pad} ${bar} ${underline}${label.message ? ` ${paint(primary ? color : 'blue', label.message)}` : ''}`,
  ];
}

const TAB_WIDTH = 4;
/** A longer line is shown as a window around the span, `...` marking what is cut (a 200,000-character name is not printed whole). */
const LONGEST_SHOWN = 160;
const SHOWN_BEFORE = 60;
/** C0 controls but tab, DEL and C1 controls: shown as one replacement mark, so the terminal never acts on them. */
const control = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

/**
 * A source line as the terminal shows it, and where each 1-based column lands on screen: a tab
 * moves to the next multiple of TAB_WIDTH (in the line and under it alike), a byte order mark
 * takes no room, and a control character shows as `\ufffd`. A long line is cut to a window
 * starting a little before `focus` (a column); columns outside it land at its edges.
 */
function displayed(text: string, focus: number): { text: string; columnOf(column: number): number } {
  const cut = text.length > LONGEST_SHOWN;
  const first = cut ? Math.max(0, Math.min(focus - 1 - SHOWN_BEFORE, text.length - LONGEST_SHOWN)) : 0;
  const window = text.slice(first, first + LONGEST_SHOWN);
  let shown = first > 0 ? '...' : '';
  const screen: number[] = [];
  for (const character of window) {
    for (let unit = 0; unit < character.length; unit += 1) screen.push(shown.length);
    if (character === '\t') shown += ' '.repeat(TAB_WIDTH - (shown.length % TAB_WIDTH));
    else if (character === '\ufeff') continue;
    else shown += control.test(character) ? '\ufffd' : character;
  }
  screen.push(shown.length);
  const columnOf = (column: number) => screen[Math.min(Math.max(column - 1 - first, 0), screen.length - 1)];
  return { text: first + window.length < text.length ? `${shown}...` : shown, columnOf };
}

const splitCache = new WeakMap<SourceFile, readonly string[]>();

/** The text of 1-based line `line`, without its line break, broken where the lexer breaks lines (each file is split once). */
function sourceLine(source: SourceFile, line: number): string | undefined {
  let lines = splitCache.get(source);
  if (!lines) {
    lines = source.text.split(/\r\n?|\n/);
    splitCache.set(source, lines);
  }
  return lines[line - 1];
}
