/**
 * Integers past 2^53 - 1 are not exact in JavaScript (9007199254740993 reads as ...992), and
 * products of such sizes reach Infinity. Every integer option is therefore bounded by
 * LARGEST_INTEGER, added here to the schemas as they are compiled, so that no schema has to
 * remember it; messages leave this bound out of an option's range ("an integer >= 1").
 */
export const LARGEST_INTEGER = Number.MAX_SAFE_INTEGER;

/** A copy of `schema` in which every integer without an upper bound gets `maximum: LARGEST_INTEGER`. */
export function withSafeIntegers<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(withSafeIntegers) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = key === 'default' || key === 'enum' || key === 'const' ? value : withSafeIntegers(value);
  const types = ([] as unknown[]).concat(copy.type);
  if (types.includes('integer') && copy.maximum === undefined && copy.exclusiveMaximum === undefined) copy.maximum = LARGEST_INTEGER;
  return copy as T;
}
