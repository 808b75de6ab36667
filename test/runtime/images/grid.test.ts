import { PNG } from 'pngjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeImageGrid } from '../../../runtime/images/grid.js';

/** Decoded PNG pixel (r, g, b) at (x, y). */
function pixelAt(png: PNG, x: number, y: number): number[] {
  const at = (y * png.width + x) * 4;
  return Array.from(png.data.subarray(at, at + 3));
}

test('a grey grid has rows x cols tiles with 2-px padding and values mapped from the range', () => {
  // Six 4x5 tiles, each one flat value in [-1, 1].
  const tileValues = [-1, -0.5, 0, 0.5, 1, 3];
  const pixels = new Float32Array(6 * 4 * 5);
  tileValues.forEach((v, n) => pixels.fill(v, n * 20, (n + 1) * 20));
  const bytes = encodeImageGrid(pixels, [4, 5, 1], 2, 3, [-1, 1]);
  const png = PNG.sync.read(Buffer.from(bytes));
  assert.is(png.width, 3 * (5 + 2) + 2);
  assert.is(png.height, 2 * (4 + 2) + 2);
  const expected = [0, 64, 128, 191, 255, 255]; // 3 is clipped to 255
  tileValues.forEach((_, n) => {
    const left = 2 + (n % 3) * 7;
    const top = 2 + Math.floor(n / 3) * 6;
    assert.equal(pixelAt(png, left, top), [expected[n], expected[n], expected[n]], `tile ${n}`);
    assert.equal(pixelAt(png, left + 4, top + 3), [expected[n], expected[n], expected[n]], `tile ${n} corner`);
  });
  // Padding stays black: the outer border and the gap between tiles.
  assert.equal(pixelAt(png, 0, 0), [0, 0, 0]);
  assert.equal(pixelAt(png, 2 + 5, 8), [0, 0, 0]);
  assert.equal(pixelAt(png, 20, 1), [0, 0, 0]);
});

test('a zoomed grid repeats every pixel of the plain one as a zoom x zoom block', () => {
  const pixels = Float32Array.from({ length: 3 * 4 * 5 }, (_, i) => ((i * 37) % 11) / 5 - 1);
  const plain = PNG.sync.read(Buffer.from(encodeImageGrid(pixels, [4, 5, 1], 2, 2, [-1, 1])));
  const zoomed = PNG.sync.read(Buffer.from(encodeImageGrid(pixels, [4, 5, 1], 2, 2, [-1, 1], 4)));
  assert.equal([zoomed.width, zoomed.height], [plain.width * 4, plain.height * 4]);
  for (let y = 0; y < zoomed.height; y++) {
    for (let x = 0; x < zoomed.width; x++) assert.equal(pixelAt(zoomed, x, y), pixelAt(plain, Math.floor(x / 4), Math.floor(y / 4)), `pixel ${x}, ${y}`);
  }
  assert.throws(() => encodeImageGrid(pixels, [4, 5, 1], 2, 2, [-1, 1], 0), /zoom must be a whole number from 1 to 16, got 0/);
});

test('an RGB grid keeps colours; [0, 1] data maps to full bytes; missing tiles stay black', () => {
  const pixels = new Float32Array([1, 0, 0, 0, 0.5, 1, -2, 0, 0, 0, 0, 0]);
  // Two 1x2 RGB images, [count=2, h=1, w=2, c=3], in a 2x2 grid.
  const png = PNG.sync.read(Buffer.from(encodeImageGrid(pixels, [1, 2, 3], 2, 2, [0, 1])));
  assert.is(png.width, 2 * 4 + 2);
  assert.is(png.height, 2 * 3 + 2);
  assert.equal(pixelAt(png, 2, 2), [255, 0, 0]);
  assert.equal(pixelAt(png, 3, 2), [0, 128, 255]);
  assert.equal(pixelAt(png, 6, 2), [0, 0, 0]); // -2 clipped to 0
  assert.equal(pixelAt(png, 2, 5), [0, 0, 0]); // third tile was never given
});

test('more images than tiles, or a partial image, is an error', () => {
  assert.throws(() => encodeImageGrid(new Float32Array(5 * 4), [2, 2, 1], 2, 2, [-1, 1]), /not a whole number of images up to 4/);
  assert.throws(() => encodeImageGrid(new Float32Array(6), [2, 2, 1], 1, 2, [-1, 1]), /not a whole number/);
  assert.throws(() => encodeImageGrid(new Float32Array(8), [2, 2, 2], 1, 2, [-1, 1]), /1 or 3 channels/);
});

test.run();
