/** The values a tensor can hold: bounds may be infinite. */
export interface ValueRange {
  low: number;
  high: number;
}

/** What a layer does to the range of its input: leaves it as it is (reshapes), or sets a new one. */
export type RangeEffect = 'preserves' | ValueRange;

export const unbounded: ValueRange = { low: -Infinity, high: Infinity };

export function sameRange(a: ValueRange, b: ValueRange): boolean {
  return a.low === b.low && a.high === b.high;
}

/** Both ends finite, as the data range is. */
export function isBounded(range: ValueRange): boolean {
  return Number.isFinite(range.low) && Number.isFinite(range.high);
}

/** `[-1, 1]`, `[0, inf)`, `(-inf, inf)`. */
export function rangeText(range: ValueRange): string {
  const low = Number.isFinite(range.low) ? `[${range.low}` : '(-inf';
  const high = Number.isFinite(range.high) ? `${range.high}]` : 'inf)';
  return `${low}, ${high}`;
}

/** A layer as the range rules see it: its kind's range rule and its validated options. */
export interface RangedLayer {
  kind: { range(options: Record<string, unknown>): RangeEffect };
  options: Record<string, unknown>;
}

/**
 * Where a network's output range comes from: the last layer that sets a range (reshapes,
 * flattens and the like pass theirs on). `index` is undefined when no layer sets one.
 */
export function outputRange(layers: readonly RangedLayer[]): { range: ValueRange; index?: number } {
  for (let i = layers.length - 1; i >= 0; i--) {
    const effect = layers[i].kind.range(layers[i].options);
    if (effect !== 'preserves') return { range: effect, index: i };
  }
  return { range: unbounded };
}
