import { PNG } from 'pngjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { binCounts, renderHistogram } from '../../../runtime/images/histogram.js';
import { renderLossPlot } from '../../../runtime/images/plot.js';

/** Pixels within `tolerance` of a colour in each channel (anti-aliased lines blend at their edges). */
function countColour(png: PNG, [r, g, b]: number[], tolerance = 12): number {
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (Math.abs(png.data[i] - r) <= tolerance && Math.abs(png.data[i + 1] - g) <= tolerance && Math.abs(png.data[i + 2] - b) <= tolerance) count++;
  }
  return count;
}

const decode = (bytes: Uint8Array) => PNG.sync.read(Buffer.from(bytes));
const BLUE = [31, 119, 180];
const ORANGE = [255, 127, 14];
const BLACK = [0, 0, 0];

test('a loss plot decodes as a PNG of the asked size with both curves in tab10 colours, and dark text', () => {
  const d = Array.from({ length: 300 }, (_, i) => 1.4 * Math.exp(-i / 80) + 0.5);
  const g = Array.from({ length: 300 }, (_, i) => 0.7 + 2 * (1 - Math.exp(-i / 60)));
  const png = decode(renderLossPlot([{ name: 'D', values: d }, { name: 'G', values: g }], { title: 'seed_a_mlp' }));
  assert.equal([png.width, png.height], [800, 480]);
  assert.ok(countColour(png, BLUE) > 300, 'blue D curve');
  assert.ok(countColour(png, ORANGE) > 300, 'orange G curve');
  assert.ok(countColour(png, BLACK, 40) > 1500, 'axes box, ticks and labels');
  const small = decode(renderLossPlot([{ name: 'D', values: d }], { width: 400, height: 300, xLabel: 'epoch' }));
  assert.equal([small.width, small.height], [400, 300]);
});

test('a title draws text: the plot with one has more dark pixels than the same plot without', () => {
  const d = [1, 0.8, 0.7, 0.65];
  const plain = countColour(decode(renderLossPlot([{ name: 'D', values: d }])), BLACK, 40);
  const titled = countColour(decode(renderLossPlot([{ name: 'D', values: d }], { title: 'Generator and Discriminator Loss During Training' })), BLACK, 40);
  assert.ok(titled > plain + 150, `title pixels: ${titled - plain}`);
});

test('empty, single-point and non-finite series still render', () => {
  for (const series of [[], [{ name: 'D', values: [] }], [{ name: 'D', values: [0.7] }], [{ name: 'D', values: [1, NaN, Infinity, 2, 3] }]]) {
    assert.is(decode(renderLossPlot(series)).width, 800);
  }
  assert.throws(() => renderLossPlot([], { width: 50 }), /at least 200x150/);
});

test('histogram bins count as numpy does: the top edge in the last bin, out-of-range and NaN in none', () => {
  assert.equal(binCounts([0, 0.1, 0.5, 0.99, 1, 1.5, NaN, -0.1], 0, 1, 4), [2, 0, 1, 2]);
});

test('a D-output histogram shows real in blue and fake in orange, on a fixed or an own range', () => {
  const real = Float32Array.from({ length: 64 }, (_, i) => 0.6 + (i % 8) * 0.04);
  const fake = Float32Array.from({ length: 64 }, (_, i) => 0.05 + (i % 8) * 0.03);
  const png = decode(renderHistogram([{ name: 'real', values: real }, { name: 'fake', values: fake }], { range: [0, 1], xLabel: 'D(x)', title: 'epoch 1' }));
  assert.equal([png.width, png.height], [800, 480]);
  // Half-transparent fills on white: the tab10 colours mixed half with white.
  const mixed = (c: number[]) => c.map((v) => Math.round((v + 255) / 2));
  assert.ok(countColour(png, mixed(BLUE)) > 2000, 'real bars');
  assert.ok(countColour(png, mixed(ORANGE)) > 2000, 'fake bars');
  const critic = decode(renderHistogram([{ name: 'real', values: [3, 4, 5] }, { name: 'fake', values: [-2, -1, NaN] }], { xLabel: 'critic score', width: 400, height: 300 }));
  assert.equal([critic.width, critic.height], [400, 300]);
  assert.ok(countColour(critic, mixed(ORANGE)) > 200, 'fake bars on the scores own range');
});

test.run();
