import type { SpecFile } from '../grammar/ast.js';
import { parseSpec } from '../grammar/index.js';
import type { Diagnostic, Label } from '../diagnostics/diagnostic.js';
import type { Position, Span } from '../diagnostics/span.js';
import { diagnostic } from '../diagnostics/make.js';
import { checkSpec } from './check.js';
import { expandSweep, type AxisValue, type SweepPlan, type Trial } from './sweep.js';
import { applyEdits, originalRange, type Edit } from './targets.js';

/**
 * Checks every trial of a spec's sweep as the spec it is, before anything trains. A trial that
 * does not check gives one GAN0704 per problem, at the sweep value that breaks it: the value
 * that fails alone, with the base spec's other values; or, when only the combination fails, the
 * trial's first value, with the others labelled. The problem itself is a label at its place in
 * the spec (mapped back from the trial's text) and its notes and help are kept.
 */

export interface TrialReport {
  index: number;
  name: string;
  values: { target: string; value: number | string; text: string }[];
  ok: boolean;
  /** The trial as a spec: what `ganc sweep` trains. */
  text: string;
}

export interface SweepReport {
  method: 'grid' | 'random';
  n?: number;
  seed?: number;
  metric: SweepPlan['metric'];
  direction: SweepPlan['direction'];
  axes: { target: string; values?: (number | string)[]; distribution?: { kind: string; low: number; high: number } }[];
  trials: TrialReport[];
}

export function checkSweep(spec: SpecFile, text: string, path: string, baseClean: boolean): { diagnostics: Diagnostic[]; report?: SweepReport } {
  const diagnostics: Diagnostic[] = [];
  const plan = expandSweep(spec, text, diagnostics);
  if (plan === undefined) return { diagnostics };
  const lines = lineStarts(text);
  const errorsOf = (trialText: string) => {
    const parsed = parseSpec(trialText, path);
    const found = [...parsed.diagnostics, ...checkSpec(parsed.spec, { path, text: trialText }, { lower: false }).diagnostics];
    return found.filter((d) => d.severity === 'error');
  };
  // Whether each value breaks the spec alone (the others as the spec writes them), checked once per value.
  const alone = new Map<string, boolean>();
  const failsAlone = (axis: number, value: AxisValue): boolean => {
    const key = `${axis}\u0000${value.text}`;
    let fails = alone.get(key);
    if (fails === undefined) {
      const edits: Edit[] = [{ start: plan.span.start.offset, end: plan.span.end.offset, text: '' }, ...plan.axes[axis].edits(value.text).map((e) => ({ ...e, origin: axis }))];
      fails = errorsOf(applyEdits(text, edits)).length > 0;
      alone.set(key, fails);
    }
    return fails;
  };

  const trials: TrialReport[] = [];
  for (const trial of plan.trials) {
    // A spec whose own text has errors has them in every trial: those are reported once, as the spec's.
    const errors = baseClean ? errorsOf(trial.text) : [];
    trials.push({
      index: trial.index,
      name: trial.name,
      values: trial.values.map((v, i) => ({ target: plan.axes[i].target, value: v.value, text: v.text })),
      ok: baseClean && errors.length === 0,
      text: trial.text,
    });
    if (errors.length === 0) continue;
    const blamed = trial.values.map((v, i) => i).filter((i) => failsAlone(i, trial.values[i]));
    const culprits = blamed.length > 0 ? blamed : trial.values.map((_, i) => i);
    for (const error of errors) diagnostics.push(trialDiagnostic(plan, trial, error, culprits, blamed.length > 0, text, lines));
  }
  return {
    diagnostics,
    report: {
      method: plan.method,
      ...(plan.n === undefined ? {} : { n: plan.n }),
      ...(plan.seed === undefined ? {} : { seed: plan.seed }),
      metric: plan.metric,
      direction: plan.direction,
      axes: plan.axes.map((a) => ({
        target: a.target,
        ...(a.values === undefined ? {} : { values: a.values.map((v) => v.value) }),
        ...(a.distribution === undefined ? {} : { distribution: { kind: a.distribution.kind, low: a.distribution.low, high: a.distribution.high } }),
      })),
      trials,
    },
  };
}

/** `ngf = 63, optimizer.lr = 2e-4` */
export function describeTrialValues(plan: Pick<SweepPlan, 'axes'>, values: readonly AxisValue[]): string {
  return values.map((v, i) => `${plan.axes[i].target} = ${v.text}`).join(', ');
}

function trialDiagnostic(plan: SweepPlan, trial: Trial, error: Diagnostic, culprits: number[], alone: boolean, text: string, lines: number[]): Diagnostic {
  const [main, ...others] = culprits;
  const value = trial.values[main];
  const target = plan.axes[main].target;
  const mapped = mapSpan(error.span, trial, text, lines);
  const labels: Label[] = others.map((i) => ({ span: trial.values[i].span, message: `with ${plan.axes[i].target} = ${trial.values[i].text}` }));
  if (mapped !== undefined && mapped.start.offset !== value.span.start.offset) {
    labels.push({ span: mapped, message: `${error.code}: ${error.label ?? error.message}` });
  }
  for (const label of error.labels) {
    const span = mapSpan(label.span, trial, text, lines);
    if (span !== undefined && span.start.offset !== value.span.start.offset) labels.push({ span, message: label.message });
  }
  const cause = alone ? `${target} = ${value.text} breaks it` : 'the values break it together';
  return diagnostic('sweepTrialFails', value.span, `trial ${trial.index} of ${plan.trials.length} (${describeTrialValues(plan, trial.values)}) does not check: ${error.message}`, {
    label: `${target} = ${value.text} in trial ${trial.index}`,
    labels,
    notes: [`${cause} (${error.code})`, ...error.notes],
    help: error.help,
  });
}

/** A span of the trial's text as a span of the spec's; a span inside a value put in becomes that value's span. */
function mapSpan(span: Span, trial: Trial, text: string, lines: number[]): Span | undefined {
  const range = originalRange(trial.edits, span.start.offset, span.end.offset);
  if (range.origin !== undefined) return trial.values[range.origin].span;
  if (range.start > text.length) return undefined;
  return { file: span.file, start: position(range.start, lines), end: position(Math.min(text.length, range.end), lines) };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function position(offset: number, lines: number[]): Position {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lines[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { offset, line: low + 1, column: offset - lines[low] + 1 };
}
