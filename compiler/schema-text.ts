import { LARGEST_INTEGER } from './safe-integers.js';

/** What a JSON Schema accepts, in words, for option diagnostics ("an integer >= 1", "a list of 2 numbers"). */

interface SchemaLike {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: SchemaLike[];
  oneOf?: SchemaLike[];
  items?: SchemaLike;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

export function describeSchema(schema: object): string {
  const s = schema as SchemaLike;
  if (s.enum !== undefined) return joinOr(s.enum.map(quoteJson));
  if (s.const !== undefined) return quoteJson(s.const);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives !== undefined) return joinOr(alternatives.map(describeSchema));
  const types = s.type === undefined ? [] : ([] as string[]).concat(s.type);
  if (types.length === 0) return 'a value';
  return joinOr(types.map((type) => describeType(type, s)));
}

function describeType(type: string, s: SchemaLike): string {
  const range = rangeText(s);
  const suffix = range === '' ? '' : ` ${range}`;
  switch (type) {
    case 'integer':
      return `an integer${suffix}`;
    case 'number':
      return `a number${suffix}`;
    case 'string':
      return 'a string';
    case 'boolean':
      return '`true` or `false`';
    case 'array':
      return describeList(s);
    case 'object':
      return 'a call';
    default:
      return type;
  }
}

function describeList(s: SchemaLike): string {
  const items = s.items === undefined ? 'items' : plural(s.items);
  if (s.minItems !== undefined && s.minItems === s.maxItems) return `a list of ${s.minItems} ${items}`;
  if (s.minItems !== undefined && s.maxItems !== undefined) return `a list of ${s.minItems} to ${s.maxItems} ${items}`;
  if (s.minItems !== undefined) return `a list of at least ${s.minItems} ${items}`;
  if (s.maxItems !== undefined) return `a list of at most ${s.maxItems} ${items}`;
  return `a list of ${items}`;
}

function plural(item: SchemaLike): string {
  if (item.enum !== undefined) return `values from ${item.enum.map(quoteJson).join(', ')}`;
  const type = item.type === undefined ? undefined : ([] as string[]).concat(item.type)[0];
  const range = rangeText(item);
  const suffix = range === '' ? '' : ` ${range}`;
  switch (type) {
    case 'integer':
      return `integers${suffix}`;
    case 'number':
      return `numbers${suffix}`;
    case 'string':
      return 'strings';
    default:
      return 'items';
  }
}

/** "in [0, 1)", "> 0", ">= 1", or "" when the schema sets no bound. */
export function rangeText(schema: object): string {
  const s = schema as SchemaLike;
  const low = s.exclusiveMinimum ?? s.minimum;
  // Every integer's implicit bound (safe-integers.ts) is said only when it is the problem.
  const high = s.maximum === LARGEST_INTEGER ? undefined : (s.exclusiveMaximum ?? s.maximum);
  if (low !== undefined && high !== undefined) {
    return `in ${s.exclusiveMinimum !== undefined ? '(' : '['}${low}, ${high}${s.exclusiveMaximum !== undefined ? ')' : ']'}`;
  }
  if (low !== undefined) return `${s.exclusiveMinimum !== undefined ? '>' : '>='} ${low}`;
  if (high !== undefined) return `${s.exclusiveMaximum !== undefined ? '<' : '<='} ${high}`;
  return '';
}

/** Every enum word a schema accepts (for "did you mean" on a misspelt value). */
export function schemaWords(schema: object): string[] {
  const s = schema as SchemaLike;
  const words = (s.enum ?? []).filter((v): v is string => typeof v === 'string');
  for (const branch of s.anyOf ?? s.oneOf ?? []) words.push(...schemaWords(branch));
  return words;
}

/** True when some branch of the schema takes a number. */
export function acceptsNumbers(schema: object): boolean {
  const s = schema as SchemaLike;
  const types = s.type === undefined ? [] : ([] as string[]).concat(s.type);
  if (types.includes('number') || types.includes('integer') || types.includes('array')) return true;
  return (s.anyOf ?? s.oneOf ?? []).some(acceptsNumbers);
}

function quoteJson(value: unknown): string {
  if (typeof value === 'string') return `\`${value}\``;
  if (Array.isArray(value)) return `[${value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}]`;
  return JSON.stringify(value);
}

function joinOr(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}
