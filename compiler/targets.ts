import type { Argument, LayerStatement, NetworkStatement, PathSegment, SettingStatement, SpecFile } from '../grammar/ast.js';
import type { Span } from '../diagnostics/span.js';
import { layerKinds } from './layers/registry.js';
import { settingsKinds } from './settings/index.js';
import type { SettingsVariant } from './settings/variant.js';
import { didYouMean } from './suggest.js';

/**
 * Targets: the places of a spec a value can be put, named by a dotted path, and the text edits
 * that put it there. A sweep's trials and `--set` overrides are both the spec's own text with
 * such edits applied, so everything downstream checks them as the specs they are; each edit
 * remembers which value it put in, so a diagnostic of the edited text maps back to it.
 */

/** A text edit of the spec: [start, end) of the original text becomes `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
  /** Which value this edit puts in (a sweep's axis, or a `--set`); undefined for the sweep statement's removal. */
  origin?: number;
  /** A statement the spec leaves out, added to hold this option: values that add the same one share it. */
  adds?: { keyword: string; option: string; value: string };
}

/** Options of one statement the spec leaves out, each added by its own value, go in one statement. */
export function mergeAdded(edits: Edit[]): Edit[] {
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

/**
 * Where [start, end) of the edited text was in the spec's text. A range that starts inside an
 * edit is the text that edit replaced (its origin given); one that ends inside an edit runs to
 * the end of what that edit replaced.
 */
export function originalRange(edits: readonly Edit[], start: number, end: number): { start: number; end: number; origin?: number } {
  const first = locate(edits, start);
  if (first.edit !== undefined) return { start: first.edit.start, end: first.edit.end, origin: first.edit.origin };
  if (end <= start) return { start: first.offset, end: first.offset };
  const last = locate(edits, end - 1);
  return { start: first.offset, end: last.edit !== undefined ? last.edit.end : last.offset + 1 };
}

/** The spec offset of an edited text's offset, and the edit it lies in, if any. */
function locate(edits: readonly Edit[], offset: number): { offset: number; edit?: Edit } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let shift = 0;
  for (const edit of sorted) {
    const newStart = edit.start + shift;
    const newEnd = newStart + edit.text.length;
    if (offset < newStart) break;
    if (offset < newEnd) return { offset: edit.start, edit };
    shift += edit.text.length - (edit.end - edit.start);
  }
  return { offset: offset - shift };
}

// ---------------------------------------------------------------------------------------------
// Targets: where a value goes

/** The edits that put a value (as written) in the target's place. */
export type EditsOf = (value: string) => Edit[];

/** Why a path names no target: where, what, and what it could name instead. */
export interface TargetProblem {
  span: Span;
  message: string;
  help: string;
}

const STATEMENT_TARGETS = ['framework', 'data', 'latent', 'loss'] as const;
const OPTION_STATEMENTS = ['data', 'latent', 'loss', 'train', 'samples', 'checkpoint', 'optimizer'] as const;
type OptionStatement = (typeof OPTION_STATEMENTS)[number];

/**
 * What a dotted path (`optimizer.G.lr`, `G.2.kernel`, `ngf`) names in the spec, as the edits
 * that put a value there: the value written in place of the one the spec gives, or the option
 * added where the spec leaves it to its default. A sweep axis and a `--set` name theirs alike.
 */
export function resolveTarget(segments: readonly PathSegment[], pathSpan: Span, spec: SpecFile, text: string): EditsOf | TargetProblem {
  const path = segments.map((p) => p.text);
  const fail = (message: string, help: string, span: Span = pathSpan): TargetProblem => ({ span, message, help });
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
      if (statement === undefined) return fail(`the spec has no \`${name}\` statement`, `add a \`${name}\` statement`);
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
    if (statement === undefined || statement.target === undefined) return fail(`no \`${first}\` statement for a network \`${second}\``, `networks: ${networks.map((n) => n.name?.name ?? n.role).join(', ')}`, segments[1].span);
    const after = statement.target.span.end.offset;
    return (value) => [{ start: after, end: statement.span.end.offset, text: ` ${value}` }];
  }
  if (path.length === 2 && (OPTION_STATEMENTS as readonly string[]).includes(first)) {
    const keyword = first as OptionStatement;
    const statements = statementsOf(keyword);
    if (statements.length === 0 && (keyword === 'samples' || keyword === 'checkpoint')) {
      const names = Object.keys(schemaProperties([...settingsKinds[keyword].variants.values()][0]));
      if (!names.includes(second)) return fail(`\`${keyword}\` has no option \`${second}\``, didYouMean(second, names) ?? `its options: ${names.join(', ')}`, segments[1].span);
      return (value) => [{ start: text.length, end: text.length, text: `\n${keyword}(${second} = ${value})\n`, adds: { keyword, option: second, value } }];
    }
    if (statements.length === 0) return fail(`the spec has no \`${keyword}\` statement`, `add one, e.g. \`${settingsKinds[keyword].example}\``, segments[0].span);
    const names = statements.flatMap((s) => optionNames(keyword, s));
    if (!names.includes(second)) return fail(`\`${keyword}\` has no option \`${second}\``, didYouMean(second, names) ?? `its options: ${[...new Set(names)].join(', ')}`, segments[1].span);
    return optionTarget(keyword, statements.filter((s) => optionNames(keyword, s).includes(second)), second, text);
  }
  if (path.length === 3 && (first === 'optimizer' || first === 'init')) {
    const statement = statementsOf(first).find((s) => s.target !== undefined && networkNamed(s.target.name) !== undefined && networkNamed(s.target.name) === networkNamed(second));
    if (statement === undefined) return fail(`no \`${first}\` statement for a network \`${second}\``, `networks: ${networks.map((n) => n.name?.name ?? n.role).join(', ')}`, segments[1].span);
    const names = optionNames(first, statement);
    if (!names.includes(third)) return fail(`\`${first} ${second}\` has no option \`${third}\``, didYouMean(third, names) ?? `its options: ${names.join(', ')}`, segments[2].span);
    return optionTarget(first, [statement], third, text);
  }
  if (path.length === 3) {
    const network = networkNamed(first);
    if (network === undefined) {
      const names = networks.map((n) => n.name?.name ?? n.role);
      return fail(`no network is named \`${first}\``, didYouMean(first, [...names, 'optimizer', 'init']) ?? `networks: ${names.join(', ')}`, segments[0].span);
    }
    const layers = /^\d+$/.test(second)
      ? [network.layers[Number(second) - 1]].filter((l): l is LayerStatement => l !== undefined)
      : network.layers.filter((l) => l.callee.name === second);
    if (layers.length === 0) {
      return fail(
        /^\d+$/.test(second) ? `\`${first}\` has ${network.layers.length} layers; there is no layer ${second}` : `\`${first}\` has no \`${second}\` layer`,
        'name a layer by its number (1 for the first) or its kind (`conv2d_transpose`: every one of them)',
        segments[1].span,
      );
    }
    for (const layer of layers) {
      const kind = layerKinds.get(layer.callee.name);
      const names = kind === undefined ? [] : Object.keys((kind.schema as { properties?: object }).properties ?? {});
      if (!names.includes(third)) return fail(`layer \`${layer.callee.name}\` has no option \`${third}\``, didYouMean(third, names) ?? (names.length > 0 ? `its options: ${names.join(', ')}` : 'it takes no options'), segments[2].span);
    }
    return (value) => layers.flatMap((layer) => optionEdits(layer.args, layerKinds.get(layer.callee.name)?.positional ?? [], third, value, layer.span, text));
  }
  const near = path.length === 2 ? didYouMean(first, [...OPTION_STATEMENTS, 'init']) : undefined;
  return fail(`\`${path.join('.')}\` is not a target`, near ?? targetHelp, near === undefined ? pathSpan : segments[0].span);
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
