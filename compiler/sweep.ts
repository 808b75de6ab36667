import type { Argument, Expression, SpecFile, SweepAxis, SweepStatement } from '../grammar/ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import { diagnostic } from '../diagnostics/make.js';
import { didYouMean } from './suggest.js';
import { applyEdits, mergeAdded, resolveTarget, type Edit, type EditsOf } from './targets.js';

/**
 * Expands a spec's `sweep` statement into trials. A trial is the spec's own text with each
 * axis's value put in place of what the target held (or added where the spec left the option
 * out, `targets.ts`) and the sweep statement taken out: an ordinary spec, checked and trained
 * as any other. Each edit remembers the axis whose value it put in, so a trial's diagnostics map
 * back to the value that causes them (`sweep-check.ts`).
 */

export type SweepMetric = 'fid' | 'precision' | 'recall' | 'classes';
export type SweepDirection = 'minimize' | 'maximize';
export const SWEEP_METRICS: readonly SweepMetric[] = ['fid', 'precision', 'recall', 'classes'];
export const MAX_TRIALS = 1000;

/** One value an axis takes: as it is written into the trial's spec, and where it comes from. */
export interface AxisValue {
  text: string;
  /** A number when the value is one (for plots), else the text. */
  value: number | string;
  /** The list item, or the `range(...)`/`log_uniform(...)` call that drew it. */
  span: Span;
}

export interface ExpandedAxis {
  /** The target as written: `optimizer.G.lr`. */
  target: string;
  span: Span;
  /** Every value of a list or range; the draws of a distribution are per trial. */
  values?: AxisValue[];
  distribution?: { kind: 'uniform' | 'log_uniform'; low: number; high: number; span: Span };
  edits: EditsOf;
}

export interface Trial {
  /** 1-based. */
  index: number;
  name: string;
  values: AxisValue[];
  text: string;
  edits: Edit[];
}

export interface SweepPlan {
  method: 'grid' | 'random';
  n?: number;
  seed?: number;
  metric: SweepMetric;
  direction: SweepDirection;
  axes: ExpandedAxis[];
  trials: Trial[];
  span: Span;
}

/** The spec's sweep expanded; undefined when it has none or it cannot be expanded (reported). */
export function expandSweep(spec: SpecFile, text: string, diagnostics: Diagnostic[]): SweepPlan | undefined {
  const sweeps = spec.statements.filter((s): s is SweepStatement => s.kind === 'sweep');
  if (sweeps.length === 0) return undefined;
  for (const extra of sweeps.slice(1)) {
    diagnostics.push(
      diagnostic('duplicateSweep', extra.keywordSpan, 'a spec holds one `sweep`', {
        label: 'a second sweep',
        labels: [{ span: sweeps[0].keywordSpan, message: 'the first sweep' }],
        help: 'put every axis in the first sweep; a grid crosses them all',
      }),
    );
  }
  const sweep = sweeps[0];
  const before = diagnostics.length;
  const method = checkMethod(sweep, diagnostics);
  const axes: ExpandedAxis[] = [];
  const seen = new Map<string, Span>();
  if (sweep.axes.length === 0) {
    diagnostics.push(diagnostic('badSweepValues', sweep.keywordSpan, 'a sweep with no axes', { help: 'add a line such as `optimizer.lr = [1e-4, 2e-4]` inside the braces' }));
  }
  for (const axis of sweep.axes) {
    const target = axis.path.map((p) => p.text).join('.');
    const first = seen.get(target);
    if (first !== undefined) {
      diagnostics.push(diagnostic('duplicateSweep', axis.pathSpan, `\`${target}\` is swept twice`, { labels: [{ span: first, message: 'first swept here' }], help: 'give all its values in one list' }));
      continue;
    }
    seen.set(target, axis.pathSpan);
    const edits = resolveTarget(axis.path, axis.pathSpan, spec, text);
    if (typeof edits !== 'function') diagnostics.push(diagnostic('unknownSweepTarget', edits.span, edits.message, { label: 'not in the spec', help: edits.help }));
    const values = axisValues(axis, text, method?.method ?? 'grid', diagnostics);
    if (typeof edits === 'function' && values !== undefined) axes.push({ target, span: axis.pathSpan, ...values, edits });
  }
  if (diagnostics.length > before || method === undefined) return undefined;

  const removal: Edit = { start: sweep.span.start.offset, end: sweep.span.end.offset, text: '' };
  const picks = method.method === 'grid' ? gridPicks(axes) : randomPicks(axes, method.n as number, method.seed ?? 0);
  if (picks.length > MAX_TRIALS) {
    const count = method.method === 'random' ? (method.n as number) : axes.reduce((product, axis) => product * (axis.values?.length ?? 1), 1);
    diagnostics.push(
      diagnostic('tooManyTrials', sweep.keywordSpan, `this sweep has ${count} trials, more than ${MAX_TRIALS}`, {
        help: 'sweep fewer values, or draw some with `random(n, seed)`',
      }),
    );
    return undefined;
  }
  const width = String(picks.length).length < 3 ? 3 : String(picks.length).length;
  const trials = picks.map((values, i): Trial => {
    const edits = mergeAdded([removal, ...values.flatMap((value, axis) => axes[axis].edits(value.text).map((edit) => ({ ...edit, origin: axis })))]);
    return { index: i + 1, name: `trial_${String(i + 1).padStart(width, '0')}`, values, edits, text: applyEdits(text, edits) };
  });
  return { ...method, axes, trials, span: sweep.span };
}

// ---------------------------------------------------------------------------------------------
// The method: `grid(...)`, `random(n, seed, ...)`

interface Method {
  method: 'grid' | 'random';
  n?: number;
  seed?: number;
  metric: SweepMetric;
  direction: SweepDirection;
}

function checkMethod(sweep: SweepStatement, diagnostics: Diagnostic[]): Method | undefined {
  const name = sweep.method?.name ?? 'grid';
  if (name !== 'grid' && name !== 'random') {
    diagnostics.push(
      diagnostic('badSweepMethod', sweep.method?.span ?? sweep.keywordSpan, `unknown sweep method \`${name}\``, {
        label: 'not a sweep method',
        help: didYouMean(name, ['grid', 'random']) ?? 'write `sweep grid { ... }` or `sweep random(n = 8, seed = 1) { ... }`',
      }),
    );
    return undefined;
  }
  const allowed = name === 'grid' ? ['metric', 'direction'] : ['n', 'seed', 'metric', 'direction'];
  const positional = name === 'grid' ? [] : ['n', 'seed'];
  const given = new Map<string, Argument>();
  let ok = true;
  sweep.args.forEach((arg, i) => {
    const option = arg.name?.name ?? positional[i];
    if (option === undefined || !allowed.includes(option)) {
      ok = false;
      diagnostics.push(
        diagnostic('badSweepMethod', arg.name?.span ?? arg.span, option === undefined ? `\`${name}\` takes no positional arguments` : `\`${name}\` has no option \`${option}\``, {
          help: `its options: ${allowed.map((a) => `\`${a}\``).join(', ')}`,
        }),
      );
      return;
    }
    given.set(option, arg);
  });
  const method: Method = { method: name, metric: 'fid', direction: 'minimize' };
  const metric = given.get('metric')?.value;
  if (metric !== undefined) {
    if (metric.kind !== 'name' || !SWEEP_METRICS.includes(metric.name as SweepMetric)) {
      ok = false;
      diagnostics.push(diagnostic('badSweepMethod', metric.span, 'unknown sweep metric', { help: `the metric is one of ${SWEEP_METRICS.map((m) => `\`${m}\``).join(', ')} (the figures \`ganc eval\` prints)` }));
    } else method.metric = metric.name as SweepMetric;
  }
  method.direction = method.metric === 'fid' ? 'minimize' : 'maximize';
  const direction = given.get('direction')?.value;
  if (direction !== undefined) {
    if (direction.kind !== 'name' || (direction.name !== 'minimize' && direction.name !== 'maximize')) {
      ok = false;
      diagnostics.push(diagnostic('badSweepMethod', direction.span, 'the direction is `minimize` or `maximize`', { help: `\`${method.metric}\` is best ${method.metric === 'fid' ? 'low: `minimize`' : 'high: `maximize`'}` }));
    } else method.direction = direction.name;
  }
  if (name === 'random') {
    const n = given.get('n');
    const nValue = n?.value === undefined ? undefined : numberOf(n.value);
    if (n === undefined) {
      ok = false;
      diagnostics.push(diagnostic('badSweepMethod', sweep.method?.span ?? sweep.keywordSpan, '`random` needs the number of trials', { help: 'write `random(n = 8, seed = 1)`' }));
    } else if (nValue === undefined || !Number.isInteger(nValue) || nValue < 1) {
      ok = false;
      diagnostics.push(diagnostic('badSweepMethod', n.value?.span ?? n.span, '`n` is a whole number of trials, at least 1', { label: 'not a whole number >= 1' }));
    } else method.n = nValue;
    const seed = given.get('seed');
    const seedValue = seed?.value === undefined ? 0 : numberOf(seed.value);
    if (seedValue === undefined || !Number.isInteger(seedValue) || seedValue < 0 || seedValue > 0xffffffff) {
      ok = false;
      diagnostics.push(diagnostic('badSweepMethod', seed?.value?.span ?? sweep.keywordSpan, '`seed` is a whole number from 0 to 4294967295', { label: 'not a seed' }));
    } else method.seed = seedValue;
  }
  return ok ? method : undefined;
}

/** A number written with literals, unary minus and `+ - * /`; undefined for anything else. */
function numberOf(expression: Expression): number | undefined {
  switch (expression.kind) {
    case 'number':
      return expression.value;
    case 'unary': {
      const value = numberOf(expression.operand);
      return value === undefined ? undefined : -value;
    }
    case 'binary': {
      const left = numberOf(expression.left);
      const right = numberOf(expression.right);
      if (left === undefined || right === undefined) return undefined;
      const value = expression.operator === '+' ? left + right : expression.operator === '-' ? left - right : expression.operator === '*' ? left * right : left / right;
      return Number.isFinite(value) ? value : undefined;
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The values: `[a, b]`, `range(from, to, step = 1)`, `uniform(low, high)`, `log_uniform(low, high)`

function axisValues(
  axis: SweepAxis,
  text: string,
  method: 'grid' | 'random',
  diagnostics: Diagnostic[],
): Pick<ExpandedAxis, 'values' | 'distribution'> | undefined {
  const values = axis.values;
  const help = 'write a list `[32, 64]`, `range(64, 256, step = 64)`, or with `random(...)` a distribution `log_uniform(1e-5, 1e-3)`';
  if (values === undefined) return undefined; // a syntax error, reported
  if (values.kind === 'list') {
    if (values.items.length === 0) {
      diagnostics.push(diagnostic('badSweepValues', values.span, 'an empty list of sweep values', { help }));
      return undefined;
    }
    return { values: values.items.map((item) => literalValue(item, text)) };
  }
  if (values.kind === 'call' && (values.callee.name === 'range' || values.callee.name === 'uniform' || values.callee.name === 'log_uniform')) {
    const kind = values.callee.name;
    const names = kind === 'range' ? ['from', 'to', 'step'] : ['low', 'high'];
    const got: Record<string, number> = kind === 'range' ? { step: 1 } : {};
    let ok = true;
    values.args.forEach((arg, i) => {
      const name = arg.name?.name ?? names[i];
      const value = arg.value === undefined ? undefined : numberOf(arg.value);
      if (name === undefined || !names.includes(name)) {
        ok = false;
        diagnostics.push(diagnostic('badSweepValues', arg.name?.span ?? arg.span, `\`${kind}\` takes ${names.map((n) => `\`${n}\``).join(', ')}`, { help }));
      } else if (value === undefined) {
        ok = false;
        diagnostics.push(diagnostic('badSweepValues', arg.value?.span ?? arg.span, `\`${name}\` of \`${kind}\` is a number written out`, { label: 'not a number' }));
      } else got[name] = value;
    });
    if (!ok) return undefined;
    const missing = names.filter((n) => got[n] === undefined);
    if (missing.length > 0) {
      diagnostics.push(diagnostic('badSweepValues', values.span, `\`${kind}\` needs ${missing.map((n) => `\`${n}\``).join(' and ')}`, { help: kind === 'range' ? 'write `range(64, 256, step = 64)`' : `write \`${kind}(1e-5, 1e-3)\`` }));
      return undefined;
    }
    if (kind === 'range') {
      const { from, to, step } = got;
      if (!(step > 0) || to < from) {
        diagnostics.push(diagnostic('badSweepValues', values.span, `\`range(${from}, ${to}, step = ${step})\` gives no values`, { help: 'the range runs up from `from` to `to` (included) by a `step` above 0' }));
        return undefined;
      }
      const count = Math.floor((to - from) / step + 1e-9) + 1;
      if (count > MAX_TRIALS) {
        diagnostics.push(diagnostic('tooManyTrials', values.span, `this range has ${count} values, more than ${MAX_TRIALS}`, { help: 'use a larger step' }));
        return undefined;
      }
      const list = Array.from({ length: count }, (_, i) => roundOff(from + i * step));
      return { values: list.map((v) => ({ text: numberText(v), value: v, span: values.span })) };
    }
    const { low, high } = got;
    if (!(low < high) || (kind === 'log_uniform' && !(low > 0))) {
      diagnostics.push(diagnostic('badSweepValues', values.span, `\`${kind}(${low}, ${high})\` is not a range to draw from`, { help: kind === 'log_uniform' ? 'both bounds above 0, the low one first' : 'the low bound first' }));
      return undefined;
    }
    if (method === 'grid') {
      diagnostics.push(
        diagnostic('badSweepValues', values.span, `a grid cannot take every value of \`${kind}\``, {
          label: 'a distribution',
          help: 'draw trials with `sweep random(n = 8, seed = 1) { ... }`, or list the values: `[1e-5, 1e-4, 1e-3]`',
        }),
      );
      return undefined;
    }
    return { distribution: { kind, low, high, span: values.span } };
  }
  diagnostics.push(diagnostic('badSweepValues', values.span, 'a sweep axis takes a list of values or a range', { label: 'one value', help }));
  return undefined;
}

function literalValue(item: Expression, text: string): AxisValue {
  const written = text.slice(item.span.start.offset, item.span.end.offset);
  const number = numberOf(item);
  return { text: written, value: number ?? written, span: item.span };
}

/** Rounds off the float error of `from + i * step` (0.1 + 2 * 0.1). */
function roundOff(value: number): number {
  return Number(value.toPrecision(12));
}

function numberText(value: number): string {
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// Trials: the grid's cross product or seeded draws

function gridPicks(axes: readonly ExpandedAxis[]): AxisValue[][] {
  let picks: AxisValue[][] = [[]];
  for (const axis of axes) {
    const values = axis.values ?? [];
    picks = picks.flatMap((pick) => values.map((value) => [...pick, value]));
    if (picks.length > MAX_TRIALS) return picks;
  }
  return picks;
}

/** mulberry32: small, seeded, the same draws everywhere. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomPicks(axes: readonly ExpandedAxis[], n: number, seed: number): AxisValue[][] {
  if (n > MAX_TRIALS) return Array.from({ length: MAX_TRIALS + 1 }, () => []); // only the count is reported
  const draw = generator(seed);
  return Array.from({ length: n }, () =>
    axes.map((axis): AxisValue => {
      const u = draw();
      if (axis.values !== undefined) return axis.values[Math.min(axis.values.length - 1, Math.floor(u * axis.values.length))];
      const d = axis.distribution as NonNullable<ExpandedAxis['distribution']>;
      const raw = d.kind === 'uniform' ? d.low + u * (d.high - d.low) : Math.exp(Math.log(d.low) + u * (Math.log(d.high) - Math.log(d.low)));
      const value = Number(raw.toPrecision(3));
      return { text: numberText(value), value, span: d.span };
    }),
  );
}
