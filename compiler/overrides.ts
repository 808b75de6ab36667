import type { Diagnostic, Label } from '../diagnostics/diagnostic.js';
import type { SourceFile, Span } from '../diagnostics/span.js';
import { diagnostic } from '../diagnostics/make.js';
import type { PathSegment, SpecFile } from '../grammar/ast.js';
import { parseSpec } from '../grammar/index.js';
import { positionAt } from '../grammar/spans.js';
import { expandSweep } from './sweep.js';
import { applyEdits, mergeAdded, originalRange, resolveTarget, type Edit } from './targets.js';

/** The value both sides of a comparison put in: two targets are one when their edits with it are the same. */
const PROBE = '0';

/**
 * `--set key=value`: a value put in a target of the spec (`optimizer.D.lr=1e-4`, `data.batch=64`)
 * from the command line. The spec's text gets the same edits a sweep trial gets (`targets.ts`)
 * and is checked as the spec it then is. Each `--set` is a source of its own, `<--set 1>`, whose
 * text is the argument as given: a key that names nothing is reported there, and a problem of the
 * value is reported there too, with the spec line the value lands on labelled.
 */

export interface Override {
  /** `<--set 1>`: the argument as given, so diagnostics point into it as into a file. */
  source: SourceFile;
  segments: PathSegment[];
  keySpan: Span;
  value: string;
  valueSpan: Span;
}

/** The spec with the overrides in, the problems of the overrides themselves, and a map back. */
export interface Overridden {
  /** The spec's text with every override that names a target put in: what is checked and compiled. */
  text: string;
  /** The `<--set n>` sources, for rendering. */
  sources: SourceFile[];
  /** Values that are not one value, keys that name no target, or one an earlier `--set` or the sweep already sets. */
  diagnostics: Diagnostic[];
  /** A diagnostic of the edited text, moved to the spec's text and, where it lies in a value put in, to its `--set`. */
  mapBack(diagnostic: Diagnostic): Diagnostic;
}

/** Reads `key=value` (spaces around either allowed); a message when it is not that shape (a usage error). */
export function parseOverride(argument: string, index: number): Override | string {
  const equals = argument.indexOf('=');
  const key = equals < 0 ? '' : argument.slice(0, equals).trim();
  const value = equals < 0 ? '' : argument.slice(equals + 1).trim();
  if (key === '' || value === '') return `--set takes key=value, e.g. --set optimizer.D.lr=1e-4; got \`${argument}\``;
  if (key.split('.').some((part) => part.trim() === '')) return `--set ${argument}: the key is names joined by \`.\`, e.g. optimizer.D.lr`;
  // The n-th `--set` (0-based) as a source, named as it is counted on the command line.
  const file = `<--set ${index + 1}>`;
  const spanOf = (start: number, end: number): Span => ({ file, start: positionAt(argument, start), end: positionAt(argument, end) });
  const keyStart = argument.indexOf(key);
  const valueStart = argument.indexOf(value, equals + 1);
  const segments: PathSegment[] = [];
  let at = keyStart;
  for (const text of key.split('.')) {
    segments.push({ text: text.trim(), span: spanOf(at, at + text.length) });
    at += text.length + 1;
  }
  return {
    source: { path: file, text: argument },
    segments,
    keySpan: spanOf(keyStart, keyStart + key.length),
    value,
    valueSpan: spanOf(valueStart, valueStart + value.length),
  };
}

/** Puts each override in the spec's text; one that is not one value, names no target, or names a target set already is reported instead. */
export function applyOverrides(spec: SpecFile, text: string, overrides: readonly Override[]): Overridden {
  const diagnostics: Diagnostic[] = [];
  const applied: { index: number; edits: Edit[]; probe: Edit[] }[] = [];
  // A swept target takes each trial's value: a --set there would be lost. (The sweep's own problems are the check's to report.)
  const swept = (expandSweep(spec, text, [])?.axes ?? []).map((axis) => ({ axis, probe: axis.edits(PROBE) }));
  overrides.forEach((override, index) => {
    if (!oneValue(override.value)) {
      diagnostics.push(
        diagnostic('badSetValue', override.valueSpan, `\`${override.value}\` is not one value`, {
          label: 'not a value as the spec writes it',
          help: 'write it as in the spec: `1e-4`, `mnist`, `"text"`, `[0.5, 0.999]`, `hinge(margin = 1)` (quoted for the shell)',
        }),
      );
      return;
    }
    const target = resolveTarget(override.segments, override.keySpan, spec, text);
    if (typeof target !== 'function') {
      diagnostics.push(diagnostic('unknownSetTarget', target.span, target.message, { label: 'not in the spec', help: target.help, notes: ['a `--set` key names what a sweep axis names (docs/sweeps.md)'] }));
      return;
    }
    const edits = target(override.value).map((edit) => ({ ...edit, origin: index }));
    const probe = target(PROBE);
    const sweep = swept.find((s) => clash(s.probe, probe));
    if (sweep !== undefined) {
      diagnostics.push(
        diagnostic('setConflict', override.keySpan, `\`--set ${index + 1}\` sets what the spec's sweep sweeps`, {
          label: 'swept',
          labels: [{ span: sweep.axis.span, message: 'each trial takes its value from here' }],
          help: `take \`${sweep.axis.target}\` out of the sweep, or drop this --set`,
        }),
      );
      return;
    }
    const earlier = applied.find((a) => clash(a.probe, probe));
    if (earlier !== undefined) {
      const first = overrides[earlier.index];
      diagnostics.push(
        diagnostic('setConflict', override.keySpan, `\`--set ${index + 1}\` sets what \`--set ${earlier.index + 1}\` already sets`, {
          label: 'set again',
          labels: [{ span: first.keySpan, message: 'set first here' }],
          help: 'give each key one value',
        }),
      );
      return;
    }
    applied.push({ index, edits, probe });
  });
  const edits = mergeAdded(applied.flatMap((a) => a.edits));
  return {
    text: applyEdits(text, edits),
    sources: overrides.map((o) => o.source),
    diagnostics,
    mapBack: (found) => mapBack(found, edits, overrides, text, spec.path),
  };
}

/**
 * Notes each problem in the spec file that the file alone (`alone`: its own check) does not
 * have: a shape error three layers after a `--set G.1.units=...` is the override's doing too.
 */
export function withOverrideNotes(inSpec: readonly Diagnostic[], alone: readonly Diagnostic[], overrides: readonly Override[]): Diagnostic[] {
  const place = (d: Diagnostic) => `${d.code} ${d.span.start.offset} ${d.span.end.offset}`;
  const own = new Set(alone.map(place));
  const sets = overrides.map((o) => `\`--set ${o.source.text}\``).join(', ');
  return inSpec.map((d) => (own.has(place(d)) ? d : { ...d, notes: [...d.notes, `the spec file alone does not have this problem: it comes with ${sets}`] }));
}

/** Whether the text is one expression of the language, so that put in place of a value it stays inside it. */
function oneValue(value: string): boolean {
  const probe = `const value = ${value}\n`;
  const parsed = parseSpec(probe, '<--set>');
  const [only, ...more] = parsed.spec.statements;
  return parsed.diagnostics.length === 0 && more.length === 0 && only?.kind === 'const' && only.value?.span.end.offset === probe.length - 1;
}

/** Edits that change the same text, or add the same option at one place (other insertions there add side by side). */
function clash(a: readonly Edit[], b: readonly Edit[]): boolean {
  return a.some((x) => b.some((y) => (x.start < y.end && y.start < x.end) || (x.start === y.start && x.end === y.end && x.text === y.text)));
}

function mapBack(found: Diagnostic, edits: readonly Edit[], overrides: readonly Override[], text: string, path: string): Diagnostic {
  const toSpec = (span: Span): { span: Span; origin?: number } => {
    if (span.file !== path) return { span };
    const range = originalRange(edits, span.start.offset, span.end.offset);
    const spec: Span = { file: path, start: positionAt(text, range.start), end: positionAt(text, range.end) };
    return range.origin === undefined ? { span: spec } : { span: overrides[range.origin].valueSpan, origin: range.origin };
  };
  const primary = toSpec(found.span);
  const labels: Label[] = found.labels.map((label) => ({ ...label, span: toSpec(label.span).span }));
  const notes = [...found.notes];
  if (primary.origin !== undefined) {
    const override = overrides[primary.origin];
    const range = originalRange(edits, found.span.start.offset, found.span.end.offset);
    const replaced = text.slice(range.start, range.end).trim();
    labels.unshift({
      span: { file: path, start: positionAt(text, range.start), end: positionAt(text, range.end) },
      message: replaced === '' ? `\`--set ${primary.origin + 1}\` adds it here` : `\`--set ${primary.origin + 1}\` puts \`${override.value}\` here, in place of \`${replaced}\``,
    });
    notes.unshift(`the value comes from \`--set ${override.source.text}\`, not from the spec file`);
  }
  const causedBy = found.causedBy === undefined ? {} : { causedBy: toSpec(found.causedBy).span };
  return { ...found, span: primary.span, labels, notes, ...causedBy };
}
