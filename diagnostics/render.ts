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
  const text = sourceLine(source.text, start.line);
  if (text === undefined) return [];
  const bar = paint('blue', '|');
  const pad = ' '.repeat(gutter);
  // A span running past its first line is underlined to that line's end.
  const last = end.line === start.line ? end.column : text.length + 1;
  const width = Math.max(1, last - start.column);
  const marks = (primary ? '^' : '-').repeat(width);
  const underline = `${' '.repeat(start.column - 1)}${paint(primary ? color : 'blue', marks)}`;
  return [
    `${pad} ${bar}`,
    `${paint('blue', String(start.line).padStart(gutter))} ${bar} ${text}`,
    `${pad} ${bar} ${underline}${label.message ? ` ${paint(primary ? color : 'blue', label.message)}` : ''}`,
  ];
}

const splitCache = new Map<string, readonly string[]>();

/** The text of 1-based line `line`, without its line break (each text is split once per run). */
function sourceLine(text: string, line: number): string | undefined {
  let lines = splitCache.get(text);
  if (!lines) {
    lines = text.split(/\r?\n/);
    splitCache.set(text, lines);
  }
  return lines[line - 1];
}
