/**
 * Axis ticks at "nice" values (1, 2 or 5 times a power of ten), about `target` of them,
 * covering [min, max], and labels with just enough decimals for the step.
 */
export interface Ticks {
  /** The axis range, widened to whole steps. */
  low: number;
  high: number;
  step: number;
  values: number[];
}

export function niceTicks(min: number, max: number, target = 6): Ticks {
  if (!(max > min)) {
    // A flat series: open a window around it (10% of its size, or 1 around zero) to centre it.
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const span = max - min;
  const rough = span / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const low = Math.floor(min / step) * step;
  const high = Math.ceil(max / step) * step;
  const count = Math.round((high - low) / step);
  // Multiplying the index (rather than adding steps) keeps 0.1 * 3 from drifting to 0.30000000000000004 in labels.
  const values = Array.from({ length: count + 1 }, (_, i) => low + i * step);
  return { low, high, step, values };
}

export function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const text = value.toFixed(decimals);
  // toFixed keeps the sign of tiny negatives: "-0.0".
  return Number(text) === 0 ? (0).toFixed(decimals) : text;
}
