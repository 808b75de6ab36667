import { PNG } from 'pngjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderLossPlot } from '../../../runtime/images/plot.js';
import { formatTick, niceTicks } from '../../../runtime/images/ticks.js';

function countColour(png: PNG, [r, g, b]: number[]): number {
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i] === r && png.data[i + 1] === g && png.data[i + 2] === b) count++;
  }
  return count;
}

test('a loss plot decodes as a PNG of the asked size with both curves and dark text', () => {
  const d = Array.from({ length: 300 }, (_, i) => 1.4 * Math.exp(-i / 80) + 0.5);
  const g = Array.from({ length: 300 }, (_, i) => 0.7 + 2 * (1 - Math.exp(-i / 60)));
  const png = PNG.sync.read(Buffer.from(renderLossPlot([{ name: 'D', values: d }, { name: 'G', values: g }])));
  assert.is(png.width, 800);
  assert.is(png.height, 480);
  assert.ok(countColour(png, [31, 119, 180]) > 300, 'blue D curve');
  assert.ok(countColour(png, [255, 127, 14]) > 300, 'orange G curve');
  assert.ok(countColour(png, [0, 0, 0]) > 2000, 'axes, ticks and labels');
  const small = PNG.sync.read(Buffer.from(renderLossPlot([{ name: 'D', values: d }], { width: 400, height: 300, xLabel: 'epoch' })));
  assert.equal([small.width, small.height], [400, 300]);
});

test('empty, single-point and non-finite series still render', () => {
  for (const series of [[], [{ name: 'D', values: [] }], [{ name: 'D', values: [0.7] }], [{ name: 'D', values: [1, NaN, Infinity, 2, 3] }]]) {
    const png = PNG.sync.read(Buffer.from(renderLossPlot(series)));
    assert.is(png.width, 800);
  }
  assert.throws(() => renderLossPlot([], { width: 50 }), /at least 200x150/);
});

test('ticks land on 1-2-5 steps that cover the data, labelled with just enough decimals', () => {
  const ticks = niceTicks(0.43, 3.38);
  assert.is(ticks.step, 0.5);
  assert.is(ticks.low, 0);
  assert.is(ticks.high, 3.5);
  assert.equal(ticks.values.map((v) => formatTick(v, ticks.step)), ['0.0', '0.5', '1.0', '1.5', '2.0', '2.5', '3.0', '3.5']);
  const x = niceTicks(0, 2344);
  assert.equal(x.values, [0, 500, 1000, 1500, 2000, 2500]);
  const flat = niceTicks(0.7, 0.7);
  assert.ok(flat.low < 0.7 && flat.high > 0.7, `flat series window [${flat.low}, ${flat.high}]`);
  assert.equal(flat.values.map((v) => formatTick(v, flat.step)), ['0.60', '0.65', '0.70', '0.75', '0.80']);
  assert.is(formatTick(-1e-17, 0.1), '0.0');
});

test.run();
