import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import type * as ChartJs from 'chart.js' with { 'resolution-mode': 'import' };
import type { ChartConfiguration, ChartType, DefaultDataPoint, Plugin } from 'chart.js' with { 'resolution-mode': 'import' };

// Chart.js's types are written as an ES module's, while its package gives require() a CommonJS build.
const { Chart, registerables } = require('chart.js') as typeof ChartJs;

/**
 * The figures a run writes (loss plot, D-output histograms, a sweep's plots) are Chart.js charts
 * drawn on a Skia canvas (@napi-rs/canvas, prebuilt per platform) and encoded as PNG, styled
 * after matplotlib's defaults: white, a boxed plot area with outward ticks, tab10 colours, DejaVu Sans.
 */

/** matplotlib's tab10 colours in its order, so D and G look as they do in the seeds' plots. */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'] as const;

/**
 * DejaVu Sans, matplotlib's default face, from its npm package: text must draw on a machine
 * with no system fonts, so the figures never depend on them. Registered under its own name so
 * that Skia cannot pick a system font of the same family instead.
 */
const FONT_FAMILY = 'ganc DejaVu Sans';
const FONT_FILE = '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff2';

let chartsReady = false;

function prepareCharts(): void {
  if (chartsReady) return;
  const path = require.resolve(FONT_FILE);
  if (GlobalFonts.registerFromPath(path, FONT_FAMILY) === null) throw new Error(`the figures' font ${path} did not load`);
  Chart.register(...registerables);
  Chart.defaults.font.family = FONT_FAMILY;
  Chart.defaults.font.size = 13;
  Chart.defaults.color = '#000000';
  Chart.defaults.borderColor = '#e6e6e6';
  chartsReady = true;
}

/** White behind everything (a canvas starts transparent) and a black box around the plot area, as matplotlib's axes. */
const matplotlibFrame: Plugin = {
  id: 'gancFrame',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
  afterDraw(chart) {
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = 1;
    ctx.strokeRect(Math.round(chartArea.left) + 0.5, Math.round(chartArea.top) + 0.5, Math.round(chartArea.width), Math.round(chartArea.height));
    ctx.restore();
  },
};

/** An axis's title, a little larger than its tick labels as matplotlib sets them. */
export function axisTitle(text: string): { display: true; text: string; font: { size: number } } {
  return { display: true, text, font: { size: 14 } };
}

export interface ChartSize {
  width: number;
  height: number;
}

/** Draws one chart, without animation or resizing, at `size` pixels, and returns it as PNG bytes. */
export function renderChart<T extends ChartType, D = DefaultDataPoint<T>>(config: ChartConfiguration<T, D>, size: ChartSize): Uint8Array {
  const { width, height } = size;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 200 || height < 150) {
    throw new RangeError(`a figure needs whole-pixel size of at least 200x150, got ${width}x${height}`);
  }
  prepareCharts();
  const canvas = createCanvas(width, height);
  // Chart.js draws on anything with the 2D context's API; Skia's is a full one.
  const context = canvas.getContext('2d') as unknown as CanvasRenderingContext2D;
  const chart = new Chart(context, {
    ...config,
    options: { ...config.options, animation: false, responsive: false, devicePixelRatio: 1 },
    plugins: [...(config.plugins ?? []), matplotlibFrame],
  } as ChartConfiguration<T, D>);
  try {
    return new Uint8Array(canvas.toBuffer('image/png'));
  } finally {
    chart.destroy();
  }
}
