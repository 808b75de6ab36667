import { Canvas, type Colour } from './canvas.js';
import { GLYPH_HEIGHT, textWidth } from './font.js';
import { formatTick, niceTicks } from './ticks.js';

/**
 * The loss chart a training run writes: one line per series against the iteration index,
 * ticked axes, light grid lines, a legend, all on white, as PNG bytes.
 */

export interface LossSeries {
  name: string;
  values: number[];
  /** Where each value sits on the x axis; the values' indices when absent. Given: each point is marked. */
  x?: number[];
}

export interface LossPlotOptions {
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
}

/** matplotlib's first colours, so D and G look as they do in the reports' plots. */
const PALETTE: Colour[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
];
const WHITE: Colour = [255, 255, 255];
const BLACK: Colour = [0, 0, 0];
const GRID: Colour = [225, 225, 225];
const TEXT_SCALE = 2;
const TEXT_HEIGHT = GLYPH_HEIGHT * TEXT_SCALE;
const TICK_LENGTH = 5;

function pixelWidth(text: string): number {
  return textWidth(text) * TEXT_SCALE;
}

/** Finite values only: a NaN or infinite loss leaves a gap in its line instead of wrecking the scale. */
function valueRange(series: LossSeries[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const { values } of series) {
    for (const v of values) {
      if (Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
  }
  return min <= max ? [min, max] : [0, 1];
}

const LEGEND_SAMPLE = 28;
const LEGEND_GAP = 24;
const LEGEND_ROW = TEXT_HEIGHT + 8;

interface LegendEntry {
  index: number;
  left: number;
  top: number;
}

/** Legend entries (line sample + name) right-aligned in rows above the plot, wrapping when a row is full. */
function layoutLegend(series: LossSeries[], left: number, right: number, top: number): LegendEntry[] & { rows: number } {
  const widths = series.map((s) => LEGEND_SAMPLE + 8 + pixelWidth(s.name));
  const rows: number[][] = [];
  let rowWidth = Infinity;
  widths.forEach((w, index) => {
    if (rowWidth + LEGEND_GAP + w > right - left) {
      rows.push([]);
      rowWidth = -LEGEND_GAP;
    }
    rows[rows.length - 1].push(index);
    rowWidth += LEGEND_GAP + w;
  });
  const entries: LegendEntry[] = [];
  rows.forEach((row, r) => {
    let x = right - row.reduce((sum, index) => sum + widths[index], 0) - LEGEND_GAP * (row.length - 1);
    for (const index of row) {
      entries.push({ index, left: x, top: top + r * LEGEND_ROW });
      x += widths[index] + LEGEND_GAP;
    }
  });
  return Object.assign(entries, { rows: rows.length });
}

export function renderLossPlot(series: LossSeries[], options: LossPlotOptions = {}): Uint8Array {
  const width = options.width ?? 800;
  const height = options.height ?? 480;
  const xLabel = options.xLabel ?? 'iteration';
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 200 || height < 150) {
    throw new RangeError(`a loss plot needs whole-pixel size of at least 200x150, got ${width}x${height}`);
  }

  const longest = Math.max(1, ...series.map((s) => s.values.length));
  const positions = series.flatMap((s) => (s.x ?? []).filter(Number.isFinite));
  const [xLow, xHigh] = positions.length === 0 ? [0, Math.max(1, longest - 1)] : [Math.min(...positions), Math.max(...positions)];
  const xTicks = xLow < xHigh ? niceTicks(xLow, xHigh) : niceTicks(xLow - 1, xHigh + 1);
  const [yMin, yMax] = valueRange(series);
  const yTicks = niceTicks(yMin, yMax);
  const yLabels = yTicks.values.map((v) => formatTick(v, yTicks.step));
  const xLabels = xTicks.values.map((v) => formatTick(v, xTicks.step));

  // The plot area leaves room for tick labels and axis titles on the left and below, and for
  // the legend above, where it never hides a line.
  const left = 20 + TEXT_HEIGHT + 10 + Math.max(...yLabels.map(pixelWidth)) + TICK_LENGTH + 6;
  const right = width - 20 - pixelWidth(xLabels[xLabels.length - 1]) / 2;
  const legend = layoutLegend(series, left, right, 12);
  const top = 12 + legend.rows * LEGEND_ROW + 10;
  const bottom = height - (TICK_LENGTH + 8 + TEXT_HEIGHT + 12 + TEXT_HEIGHT + 12);
  const toX = (x: number) => left + ((x - xTicks.low) / (xTicks.high - xTicks.low)) * (right - left);
  const toY = (y: number) => bottom - ((y - yTicks.low) / (yTicks.high - yTicks.low)) * (bottom - top);

  const canvas = new Canvas(width, height, WHITE);
  yTicks.values.forEach((value, i) => {
    const y = Math.round(toY(value));
    canvas.fillRect(left, y, right - left, 1, GRID);
    canvas.fillRect(left - TICK_LENGTH, y, TICK_LENGTH, 1, BLACK);
    canvas.text(yLabels[i], left - TICK_LENGTH - 6 - pixelWidth(yLabels[i]), y - TEXT_HEIGHT / 2, BLACK, TEXT_SCALE);
  });
  xTicks.values.forEach((value, i) => {
    const x = Math.round(toX(value));
    canvas.fillRect(x, top, 1, bottom - top, GRID);
    canvas.fillRect(x, bottom, 1, TICK_LENGTH, BLACK);
    canvas.text(xLabels[i], x - pixelWidth(xLabels[i]) / 2, bottom + TICK_LENGTH + 8, BLACK, TEXT_SCALE);
  });

  series.forEach(({ values, x }, index) => {
    const colour = PALETTE[index % PALETTE.length];
    const at = (i: number) => toX(x?.[i] ?? i);
    values.forEach((value, i) => {
      if (!Number.isFinite(value)) return;
      const previous = values[i - 1];
      if (i > 0 && Number.isFinite(previous)) canvas.line(at(i - 1), toY(previous), at(i), toY(value), colour, 1.5);
      else canvas.line(at(i), toY(value), at(i), toY(value), colour, 2.5);
      if (x !== undefined) canvas.line(at(i), toY(value), at(i), toY(value), colour, 6);
    });
  });

  // Axes drawn last so the lines never cover them.
  canvas.fillRect(left, top, 1, bottom - top + 1, BLACK);
  canvas.fillRect(left, bottom, right - left + 1, 1, BLACK);
  canvas.fillRect(left, top, right - left + 1, 1, BLACK);
  canvas.fillRect(right, top, 1, bottom - top + 1, BLACK);
  canvas.text(xLabel, (left + right) / 2 - pixelWidth(xLabel) / 2, height - 12 - TEXT_HEIGHT, BLACK, TEXT_SCALE);
  const yLabel = options.yLabel ?? 'loss';
  canvas.text(yLabel, 20, (top + bottom) / 2 + pixelWidth(yLabel) / 2, BLACK, TEXT_SCALE, true);

  legend.forEach((entry) => {
    const middle = entry.top + TEXT_HEIGHT / 2;
    canvas.line(entry.left, middle, entry.left + LEGEND_SAMPLE, middle, PALETTE[entry.index % PALETTE.length], 3);
    canvas.text(series[entry.index].name, entry.left + LEGEND_SAMPLE + 8, entry.top, BLACK, TEXT_SCALE);
  });
  return canvas.toPng();
}
