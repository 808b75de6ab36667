/**
 * A TypeScript expression the compiler wrote itself (an initializer call), kept apart from
 * strings so that no text from a spec can ever become code. Plain data, as the whole IR is.
 */
export interface Code {
  readonly code: string;
}

export function code(text: string): Code {
  return { code: text };
}

function isCode(value: ConfigValue): value is Code {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as Code).code === 'string';
}

/** A JSON-like value that the emitter writes as a literal; `Code` is written as it stands. */
export type ConfigValue = number | string | boolean | null | Code | readonly ConfigValue[] | { readonly [key: string]: ConfigValue };

/**
 * TypeScript literals for values that come from the spec. Every string goes through
 * `stringLiteral`, so text from the user (titles, names, paths) can never end a literal early
 * or change its value.
 */

/** Characters a single-quoted literal cannot hold as they are: quote, backslash, controls, line separators. */
const needsEscape = /['\\\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const shortEscapes: Readonly<Record<string, string>> = { "'": "\\'", '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\uXXXX` for one UTF-16 code unit. */
export function unicodeEscape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * A single-quoted string literal whose value is exactly `text`. Other non-ASCII characters stay
 * as they are (readable); lone surrogates are escaped, since UTF-8 cannot store them.
 */
export function stringLiteral(text: string): string {
  return `'${text.replace(needsEscape, (c) => shortEscapes[c] ?? unicodeEscape(c))}'`;
}

export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`emitter: cannot write the number ${value} as a literal`);
  // -0 prints as "0" through String(); it is never a meaningful value in a spec.
  return String(value);
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(key: string): string {
  return identifier.test(key) ? key : stringLiteral(key);
}

/** A JSON-like value as a one-line TypeScript expression: `{ units: 128, useBias: true }`. */
export function valueLiteral(value: ConfigValue): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'boolean') return String(value);
  if (isCode(value)) return value.code;
  if (isList(value)) return `[${value.map(valueLiteral).join(', ')}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([key, v]) => `${propertyKey(key)}: ${valueLiteral(v)}`).join(', ')} }`;
}

function isList(value: ConfigValue): value is readonly ConfigValue[] {
  return Array.isArray(value);
}

/** Writes 1493520 as 1,493,520 (fixed separators: locale formatting would differ between machines). */
export function groupDigits(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
