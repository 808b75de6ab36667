import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { binCounts, renderHistogram } from '../../../runtime/images/histogram.js';
import { renderLossPlot } from '../../../runtime/images/plot.js';
import { notRun } from '../train/folders.js';
import { BLUE, FAKE_BARS, ORANGE, readFigure, REAL_BARS } from './figure.js';

const BLACK = [0, 0, 0];
/** Dark pixels: the axes box, ticks and text (anti-aliased glyphs are mostly grey). */
const dark = (bytes: Uint8Array) => readFigure(bytes, [BLACK], 40).near[0];

test('a loss plot decodes as a PNG of the asked size with both curves in tab10 colours, and dark text', () => {
  const d = Array.from({ length: 300 }, (_, i) => 1.4 * Math.exp(-i / 80) + 0.5);
  const g = Array.from({ length: 300 }, (_, i) => 0.7 + 2 * (1 - Math.exp(-i / 60)));
  const png = readFigure(renderLossPlot([{ name: 'D', values: d }, { name: 'G', values: g }], { title: 'seed_a_mlp' }), [BLUE, ORANGE, BLACK], 40);
  assert.equal([png.width, png.height], [800, 480]);
  assert.ok(png.near[0] > 300, 'blue D curve');
  assert.ok(png.near[1] > 300, 'orange G curve');
  assert.ok(png.near[2] > 1500, 'axes box, ticks and labels');
  const small = readFigure(renderLossPlot([{ name: 'D', values: d }], { width: 400, height: 300, xLabel: 'epoch' }));
  assert.equal([small.width, small.height], [400, 300]);
});

test('a title draws text: the plot with one has more dark pixels than the same plot without', () => {
  const d = [{ name: 'D', values: [1, 0.8, 0.7, 0.65] }];
  const gained = dark(renderLossPlot(d, { title: 'Generator and Discriminator Loss During Training' })) - dark(renderLossPlot(d));
  assert.ok(gained > 150, `title pixels: ${gained}`);
});

test('text draws on a machine without system fonts: the font comes from its npm package', () => {
  // A mount namespace of its own, with an empty tmpfs over each system font folder.
  const folders = ['/usr/share/fonts', '/usr/local/share/fonts'].filter(existsSync);
  const hide = folders.map((folder) => `mount -t tmpfs none ${folder}`).join(' && ');
  const script = join(__dirname, 'no-system-fonts.ts');
  const run = spawnSync('unshare', ['-m', 'sh', '-c', `{ ${hide}; } || exit 97; exec "$0" --require tsx/cjs "$1"`, process.execPath, script], { encoding: 'utf8' });
  if (run.error || run.status === 97 || (run.status !== 0 && /^unshare:/m.test(run.stderr))) {
    notRun('text without system fonts', (run.error?.message ?? run.stderr).trim());
    return;
  }
  assert.is(run.status, 0, run.stderr);
  const [families, added] = run.stdout.trim().split('\n');
  // The package's font file alone, listed under its own family name and under ours.
  assert.equal((JSON.parse(families) as string[]).sort(), ['DejaVu Sans', 'ganc DejaVu Sans'], 'no system font was visible');
  assert.ok(Number(added) > 150, `title pixels without system fonts: ${added}`);
});

test('empty, single-point and non-finite series still render', () => {
  for (const series of [[], [{ name: 'D', values: [] }], [{ name: 'D', values: [0.7] }], [{ name: 'D', values: [1, NaN, Infinity, 2, 3] }]]) {
    assert.is(readFigure(renderLossPlot(series)).width, 800);
  }
  assert.throws(() => renderLossPlot([], { width: 50 }), /at least 200x150/);
});

test('histogram bins count as numpy does: the top edge in the last bin, out-of-range and NaN in none', () => {
  assert.equal(binCounts([0, 0.1, 0.5, 0.99, 1, 1.5, NaN, -0.1], 0, 1, 4), [2, 0, 1, 2]);
});

test('a D-output histogram shows real in blue and fake in orange, on a fixed range or the scores own', () => {
  const real = Float32Array.from({ length: 64 }, (_, i) => 0.6 + (i % 8) * 0.04);
  const fake = Float32Array.from({ length: 64 }, (_, i) => 0.05 + (i % 8) * 0.03);
  const png = readFigure(renderHistogram([{ name: 'real', values: real }, { name: 'fake', values: fake }], { range: [0, 1], xLabel: 'D(x)', title: 'epoch 1' }), [REAL_BARS, FAKE_BARS]);
  assert.equal([png.width, png.height], [800, 480]);
  assert.ok(png.near[0] > 2000 && png.near[1] > 2000, `real and fake bars: ${png.near.join(', ')} pixels`);
  const critic = readFigure(renderHistogram([{ name: 'real', values: [3, 4, 5] }, { name: 'fake', values: [-2, -1, NaN] }], { xLabel: 'critic score', width: 400, height: 300 }), [REAL_BARS, FAKE_BARS]);
  assert.equal([critic.width, critic.height], [400, 300]);
  assert.ok(critic.near.every((n) => n > 200), `bars on the scores' own range: ${critic.near.join(', ')} pixels`);
});

test.run();
