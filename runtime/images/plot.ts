import { axisTitle, PALETTE, renderChart } from './chart.js';

/**
 * The loss chart a training run writes, as matplotlib's `plt.plot` of each loss draws it: one
 * line per series against the step, ticked axes, a legend and a title, on white, as PNG bytes.
 */

export interface LossSeries {
  name: string;
  values: number[];
  /** Where each value sits on the x axis; 1, 2, 3, ... when absent. Given: each point is marked. */
  x?: number[];
}

export interface LossPlotOptions {
  width?: number;
  height?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
}

export function renderLossPlot(series: LossSeries[], options: LossPlotOptions = {}): Uint8Array {
  const datasets = series.map(({ name, values, x }, index) => ({
    label: name,
    // A NaN or infinite loss leaves a gap in its line instead of wrecking the scale.
    data: values.map((value, i) => ({ x: x?.[i] ?? i + 1, y: Number.isFinite(value) ? value : null })),
    borderColor: PALETTE[index % PALETTE.length],
    backgroundColor: PALETTE[index % PALETTE.length],
    borderWidth: 1.5,
    pointRadius: x === undefined ? 0 : 3,
    spanGaps: false,
  }));
  return renderChart(
    {
      type: 'line',
      data: { datasets },
      options: {
        // Long runs hold tens of thousands of steps: points are left as given (no parsing) and drawn as one path.
        parsing: false,
        normalized: true,
        plugins: {
          title: { display: options.title !== undefined, text: options.title ?? '', font: { size: 15, weight: 'normal' } },
          legend: { display: series.length > 0, align: 'end', labels: { boxWidth: 28, boxHeight: 2 } },
        },
        scales: {
          x: { type: 'linear', title: axisTitle(options.xLabel ?? 'step'), ticks: { maxTicksLimit: 11 } },
          y: { type: 'linear', title: axisTitle(options.yLabel ?? 'loss') },
        },
      },
    },
    { width: options.width ?? 800, height: options.height ?? 480 },
  );
}
