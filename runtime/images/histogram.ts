import { axisTitle, PALETTE, renderChart } from './chart.js';

/**
 * Overlaid histograms of D's outputs on real and on generated images, as `plt.hist(real,
 * alpha=0.5); plt.hist(fake, alpha=0.5)` draws them: shared bins, counts, two colours, a legend.
 */

export interface HistogramSeries {
  name: string;
  values: Float32Array | number[];
}

export interface HistogramOptions {
  /** The bins' span: [0, 1] for probabilities; the finite values' own span when absent (critic scores). */
  range?: readonly [number, number];
  bins?: number;
  title?: string;
  xLabel: string;
  width?: number;
  height?: number;
}

/** The bins' span: the given range, else the finite values' (widened around a single value). */
function binSpan(series: HistogramSeries[], range: HistogramOptions['range']): [number, number] {
  if (range) return [range[0], range[1]];
  let low = Infinity;
  let high = -Infinity;
  for (const { values } of series) {
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  if (!(low <= high)) return [0, 1];
  if (low === high) return [low - 0.5, high + 0.5];
  return [low, high];
}

/** Counts per bin; the top edge falls in the last bin (as numpy's), non-finite values in none. */
export function binCounts(values: Float32Array | number[], low: number, high: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (high - low) / bins;
  for (const v of values) {
    if (!Number.isFinite(v) || v < low || v > high) continue;
    counts[Math.min(bins - 1, Math.floor((v - low) / width))] += 1;
  }
  return counts;
}

export function renderHistogram(series: HistogramSeries[], options: HistogramOptions): Uint8Array {
  const bins = options.bins ?? 30;
  const [low, high] = binSpan(series, options.range);
  if (!(high > low) || !Number.isInteger(bins) || bins < 1) throw new RangeError(`a histogram needs a rising range and a whole number of bins, got [${low}, ${high}] and ${bins}`);
  const width = (high - low) / bins;
  const datasets = series.map(({ name, values }, index) => {
    const counts = binCounts(values, low, high, bins);
    return {
      // The legend counts what the bars hold: a NaN output (a diverged D) is in none of them.
      label: `${name} (${counts.reduce((sum, count) => sum + count, 0)})`,
      data: counts.map((count, bin) => ({ x: low + (bin + 0.5) * width, y: count })),
      // Half transparent, so where the two overlap both still show.
      backgroundColor: `${PALETTE[index % PALETTE.length]}80`,
      borderColor: PALETTE[index % PALETTE.length],
      borderWidth: 1,
      barPercentage: 1,
      categoryPercentage: 1,
      grouped: false,
    };
  });
  return renderChart<'bar', { x: number; y: number }[]>(
    {
      type: 'bar',
      data: { datasets },
      options: {
        parsing: false,
        plugins: {
          title: { display: options.title !== undefined, text: options.title ?? '', font: { size: 15, weight: 'normal' } },
          legend: { align: 'end' },
        },
        scales: {
          // A given range is the axis (0 to 1); a critic's span is widened to round ticks.
          x: { type: 'linear', ...(options.range ? { min: low, max: high } : { bounds: 'ticks' as const }), offset: false, title: axisTitle(options.xLabel), grid: { offset: false } },
          y: { type: 'linear', beginAtZero: true, title: axisTitle('count'), ticks: { precision: 0 } },
        },
      },
    },
    { width: options.width ?? 800, height: options.height ?? 480 },
  );
}
