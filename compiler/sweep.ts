import type { Argument, Expression, LayerStatement, NetworkStatement, SettingStatement, SpecFile, SweepAxis, SweepStatement } from '../grammar/ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import { diagnostic } from '../diagnostics/make.js';
import { layerKinds } from './layers/registry.js';
import { settingsKinds } from './settings/index.js';
import type { SettingsVariant } from './settings/variant.js';
import { didYouMean } from './suggest.js';

/**
 * Expands a spec's `sweep` statement into trials. A trial is the spec's own text with each
 * axis's value put in place of what the target held (or added where the spec left the option
 * out) and the sweep statement taken out: an ordinary spec, checked and trained as any other.
 * Each edit remembers the span of the sweep value it put in, so a trial's diagnostics map back
 * to the value that causes them (`sweep-check.ts`).
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

/** A text edit of the spec: [start, end) of the original text becomes `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
  /** The sweep value this edit puts in; undefined for the sweep statement's removal. */
  axis?: number;
  /** A statement the spec leaves out, added to hold this option: axes that add the same one share it. */
  adds?: { keyword: string; option: string; value: string };
}

export interface ExpandedAxis {
  /** The target as written: `optimizer.G.lr`. */
  target: string;
  span: Span;
  /** Every value of a list or range; the draws of a distribution are per trial. */
  values?: AxisValue[];
  distribution?: { kind: 'uniform' | 'log_uniform'; low: number; high: number; span: Span };
  edits: (text: string) => Edit[];
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
    const edits = resolveTarget(axis, spec, text, diagnostics);
    const values = axisValues(axis, text, method?.method ?? 'grid', diagnostics);
    if (edits !== undefined && values !== undefined) axes.push({ target, span: axis.pathSpan, ...values, edits });
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
    const edits = mergeAdded([removal, ...values.flatMap((value, axis) => axes[axis].edits(value.text).map((edit) => ({ ...edit, axis })))]);
    return { index: i + 1, name: `trial_${String(i + 1).padStart(width, '0')}`, values, edits, text: applyEdits(text, edits) };
  });
  return { ...method, axes, trials, span: sweep.span };
}

/** Options of one statement the spec leaves out, each added by its own axis, go in one statement. */
function mergeAdded(edits: Edit[]): Edit[] {
  const added = new Map<string, Edit>();
  const out: Edit[] = [];
  for (const edit of edits) {
    if (edit.adds === undefined) {
      out.push(edit);
      continue;
    }
    const first = added.get(edit.adds.keyword);
    if (first === undefined) {
      const copy = { ...edit };
      added.set(edit.adds.keyword, copy);
      out.push(copy);
    } else {
      first.text = first.text.replace(/\)\n$/, `, ${edit.adds.option} = ${edit.adds.value})\n`);
    }
  }
  return out;
}

/** The text with the edits applied (they never overlap; insertions at one offset keep their order). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    out += text.slice(at, edit.start) + edit.text;
    at = Math.max(at, edit.end);
  }
  return out + text.slice(at);
}

/** Where an offset of a trial's text was in the spec's text; inside an edit: the edit's axis. */
export function originalOffset(edits: readonly Edit[], offset: number): { offset: number; axis?: number } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let shift = 0;
  for (const edit of sorted) {
    const newStart = edit.start + shift;
    const newEnd = newStart + edit.text.length;
    if (offset < newStart) break;
    if (offset < newEnd) return { offset: edit.start, axis: edit.axis };
    shift += edit.text.length - (edit.end - edit.start);
  }
  return { offset: offset - shift };
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

// ---------------------------------------------------------------------------------------------
// Targets: what an axis puts its value in

type EditsOf = (value: string) => Edit[];

const STATEMENT_TARGETS = ['framework', 'data', 'latent', 'loss'] as const;
const OPTION_STATEMENTS = ['data', 'latent', 'loss', 'train', 'samples', 'checkpoint', 'optimizer'] as const;
type OptionStatement = (typeof OPTION_STATEMENTS)[number];

function resolveTarget(axis: SweepAxis, spec: SpecFile, text: string, diagnostics: Diagnostic[]): EditsOf | undefined {
  const path = axis.path.map((p) => p.text);
  const fail = (message: string, help: string, span: Span = axis.pathSpan): undefined => {
    diagnostics.push(diagnostic('unknownSweepTarget', span, message, { label: 'not in the spec', help }));
    return undefined;
  };
  const settings = spec.statements.filter((s): s is SettingStatement => s.kind === 'setting');
  const networks = spec.statements.filter((s): s is NetworkStatement => s.kind === 'network');
  const constants = new Map(spec.statements.flatMap((s) => (s.kind === 'const' && s.name !== undefined && s.value !== undefined ? [[s.name.name, s.value] as const] : [])));
  const statementsOf = (keyword: string) => settings.filter((s) => s.keyword === keyword);
  const networkNamed = (name: string) => networks.find((n) => (n.name?.name ?? n.role) === name || n.role === name);
  const targetHelp = 'a target is a constant (`ngf`), an option (`lr`, `data.batch`, `optimizer.G.betas`), a statement (`loss`) or a layer option (`G.2.kernel`)';

  if (path.length === 1) {
    const [name] = path;
    const constant = constants.get(name);
    if (constant !== undefined) return (value) => [{ start: constant.span.start.offset, end: constant.span.end.offset, text: value }];
    if ((STATEMENT_TARGETS as readonly string[]).includes(name)) {
      const statement = statementsOf(name)[0];
      if (statement === undefined) return fail(`the spec has no \`${name}\` statement to sweep`, `add a \`${name}\` statement`);
      return (value) => [{ start: statement.keywordSpan.end.offset, end: statement.span.end.offset, text: ` ${value}` }];
    }
    // A bare option name: every statement whose options hold it (`lr`: both optimizers).
    const owners = OPTION_STATEMENTS.filter((keyword) => statementsOf(keyword).some((s) => optionNames(keyword, s).includes(name)));
    if (owners.length === 1) return optionTarget(owners[0], statementsOf(owners[0]), name, text);
    if (owners.length > 1) {
      return fail(`\`${name}\` is an option of ${owners.map((o) => `\`${o}\``).join(' and ')}`, `say which: ${owners.map((o) => `\`${o}.${name}\``).join(' or ')}`);
    }
    const candidates = [...constants.keys(), ...STATEMENT_TARGETS, ...OPTION_STATEMENTS.flatMap((k) => statementsOf(k).flatMap((s) => optionNames(k, s)))];
    return fail(`\`${name}\` is no constant, statement or option of this spec`, didYouMean(name, candidates) ?? targetHelp);
  }

  const [first, second, third] = path;
  if (path.length === 2 && (first === 'init' || (first === 'optimizer' && networkNamed(second) !== undefined))) {
    const statement = statementsOf(first).find((s) => s.target !== undefined && networkNamed(s.target.name) === networkNamed(second) && networkNamed(second) !== undefined);
    if (statement === undefined || statement.target === undefined) return fail(`no \`${first}\` statement for a network \`${second}\``, `networks: ${networks.map((n) => n.name?.name ?? n.role).join(', ')}`, axis.path[1].span);
    const after = statement.target.span.end.offset;
    return (value) => [{ start: after, end: statement.span.end.offset, text: ` ${value}` }];
  }
  if (path.length === 2 && (OPTION_STATEMENTS as readonly string[]).includes(first)) {
    const keyword = first as OptionStatement;
    const statements = statementsOf(keyword);
    if (statements.length === 0 && (keyword === 'samples' || keyword === 'checkpoint')) {
      const names = Object.keys(schemaProperties([...settingsKinds[keyword].variants.values()][0]));
      if (!names.includes(second)) return fail(`\`${keyword}\` has no option \`${second}\``, didYouMean(second, names) ?? `its options: ${names.join(', ')}`, axis.path[1].span);
      return (value) => [{ start: text.length, end: text.length, text: `\n${keyword}(${second} = ${value})\n`, adds: { keyword, option: second, value } }];
    }
    if (statements.length === 0) return fail(`the spec has no \`${keyword}\` statement`, `add one, e.g. \`${settingsKinds[keyword].example}\``, axis.path[0].span);
    const names = statements.flatMap((s) => optionNames(keyword, s));
    if (!names.includes(second)) return fail(`\`${keyword}\` has no option \`${second}\``, didYouMean(second, names) ?? `its options: ${[...new Set(names)].join(', ')}`, axis.path[1].span);
    return optionTarget(keyword, statements.filter((s) => optionNames(keyword, s).includes(second)), second, text);
  }
  if (path.length === 3 && (first === 'optimizer' || first === 'init')) {
    const statement = statementsOf(first).find((s) => s.target !== undefined && networkNamed(s.target.name) !== undefined && networkNamed(s.target.name) === networkNamed(second));
    if (statement === undefined) return fail(`no \`${first}\` statement for a network \`${second}\``, `networks: ${networks.map((n) => n.name?.name ?? n.role).join(', ')}`, axis.path[1].span);
    const names = optionNames(first, statement);
    if (!names.includes(third)) return fail(`\`${first} ${second}\` has no option \`${third}\``, didYouMean(third, names) ?? `its options: ${names.join(', ')}`, axis.path[2].span);
    return optionTarget(first, [statement], third, text);
  }
  if (path.length === 3) {
    const network = networkNamed(first);
    if (network === undefined) return fail(`no network is named \`${first}\``, `networks: ${networks.map((n) => n.name?.name ?? n.role).join(', ')}`, axis.path[0].span);
    const layers = /^\d+$/.test(second)
      ? [network.layers[Number(second) - 1]].filter((l): l is LayerStatement => l !== undefined)
      : network.layers.filter((l) => l.callee.name === second);
    if (layers.length === 0) {
      return fail(
        /^\d+$/.test(second) ? `\`${first}\` has ${network.layers.length} layers; there is no layer ${second}` : `\`${first}\` has no \`${second}\` layer`,
        'name a layer by its number (1 for the first) or its kind (`conv2d_transpose`: every one of them)',
        axis.path[1].span,
      );
    }
    for (const layer of layers) {
      const kind = layerKinds.get(layer.callee.name);
      const names = kind === undefined ? [] : Object.keys((kind.schema as { properties?: object }).properties ?? {});
      if (!names.includes(third)) return fail(`layer \`${layer.callee.name}\` has no option \`${third}\``, didYouMean(third, names) ?? (names.length > 0 ? `its options: ${names.join(', ')}` : 'it takes no options'), axis.path[2].span);
    }
    return (value) => layers.flatMap((layer) => optionEdits(layer.args, layerKinds.get(layer.callee.name)?.positional ?? [], third, value, layer.span, text));
  }
  return fail(`\`${path.join('.')}\` is not a sweep target`, targetHelp);
}

function variantOf(keyword: string, statement: SettingStatement): SettingsVariant | undefined {
  const kind = settingsKinds[keyword as keyof typeof settingsKinds];
  if (kind === undefined) return undefined;
  return statement.variant === undefined ? [...kind.variants.values()][0] : kind.variants.get(statement.variant.name);
}

function schemaProperties(variant: SettingsVariant | undefined): Record<string, unknown> {
  return ((variant?.schema as { properties?: Record<string, unknown> } | undefined)?.properties) ?? {};
}

function optionNames(keyword: string, statement: SettingStatement): string[] {
  return Object.keys(schemaProperties(variantOf(keyword, statement)));
}

function optionTarget(keyword: string, statements: readonly SettingStatement[], option: string, text: string): EditsOf {
  return (value) => statements.flatMap((s) => optionEdits(s.args, variantOf(keyword, s)?.positional ?? [], option, value, s.span, text));
}

/** The edit that gives `option` the value: its argument's value replaced, or `option = value` added. */
function optionEdits(args: readonly Argument[], positional: readonly string[], option: string, value: string, span: Span, text: string): Edit[] {
  const named = args.find((a) => a.name?.name === option);
  const unnamed = args.filter((a) => a.name === undefined);
  const index = positional.indexOf(option);
  const arg = named ?? (index >= 0 ? unnamed[index] : undefined);
  if (arg?.value !== undefined) return [{ start: arg.value.span.start.offset, end: arg.value.span.end.offset, text: value }];
  // A rest option (`reshape(28, 28, 1)`: `...shape`) given positionally: the list, named, in place of them all.
  if (positional.includes(`...${option}`) && unnamed.length > 0) {
    const rest = unnamed.slice(positional.indexOf(`...${option}`));
    const first = rest[0];
    const last = rest[rest.length - 1];
    if (first !== undefined && last !== undefined) return [{ start: first.span.start.offset, end: last.span.end.offset, text: `${option} = ${value}` }];
  }
  const end = span.end.offset;
  const written = text.slice(span.start.offset, end);
  if (written.endsWith(')')) {
    const inside = written.slice(0, -1).trimEnd();
    const joiner = inside.endsWith('(') || inside.endsWith(',') ? ' ' : ', ';
    return [{ start: end - 1, end: end - 1, text: `${joiner}${option} = ${value}` }];
  }
  return [{ start: end, end, text: `(${option} = ${value})` }];
}
