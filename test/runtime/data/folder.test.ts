import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadDataset } from '../../../runtime/data/index.js';
import type { DataSpec } from '../../../runtime/program.js';
import { createRng } from '../../../runtime/random.js';

type Rgb = [number, number, number];
const RED: Rgb = [255, 0, 0];
const BLUE: Rgb = [0, 0, 255];

/** RGBA pixels of a width x height image coloured by `paint(x, y)`. */
function paintRgba(width: number, height: number, paint: (x: number, y: number) => Rgb): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set([...paint(x, y), 255], (y * width + x) * 4);
    }
  }
  return data;
}

function writePng(path: string, width: number, height: number, paint: (x: number, y: number) => Rgb): void {
  const png = new PNG({ width, height });
  png.data = paintRgba(width, height, paint);
  writeFileSync(path, PNG.sync.write(png));
}

function writeJpeg(path: string, width: number, height: number, paint: (x: number, y: number) => Rgb): void {
  writeFileSync(path, jpeg.encode({ data: paintRgba(width, height, paint), width, height }, 95).data);
}

function folderSpec(path: string, overrides: Partial<DataSpec> = {}): DataSpec {
  return { source: 'images', path, range: [0, 1], batchSize: 1, shuffle: false, dropLast: true, labels: false, classes: 0, shape: [10, 10, 3], resize: 10, crop: 10, flips: [], ...overrides };
}

/** First image of the first batch as [h][w][c] bytes (range [0, 1] scaled back). */
function firstImage(spec: DataSpec, seed = 1): number[][][] {
  const [batch] = loadDataset(spec).batches(1, createRng(seed), true);
  const [, h, w, c] = batch.images.shape;
  const values = batch.images.dataSync();
  batch.images.dispose();
  return Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => Array.from({ length: c }, (_, k) => Math.round(values[(y * w + x) * c + k] * 255))));
}

let dir = '';
test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ganc-folder-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('resize the shorter side with a real filter, then centre crop', () => {
  const folder = join(dir, 'halves');
  mkdirSync(folder);
  // 40x20: red left half, blue right half. Shorter side 20 -> 10 gives 20x10; the crop keeps columns 5..14.
  writePng(join(folder, 'a.png'), 40, 20, (x) => (x < 20 ? RED : BLUE));
  const image = firstImage(folderSpec(folder));
  assert.is(image.length, 10);
  assert.is(image[0].length, 10);
  for (const row of image) {
    for (let x = 0; x < 4; x++) assert.equal(row[x], RED);
    for (let x = 6; x < 10; x++) assert.equal(row[x], BLUE);
    // The edge columns are blends (the filter averages across the boundary), not a copy of one source pixel.
    assert.equal(row[4], [223, 0, 32]);
    assert.equal(row[5], [32, 0, 223]);
  }
});

test('grey output uses luma weights; JPEG files decode; subfolders are searched', () => {
  const folder = join(dir, 'mixed');
  mkdirSync(join(folder, 'class-a'), { recursive: true });
  writePng(join(folder, 'class-a', 'red.png'), 12, 12, () => RED);
  writeJpeg(join(folder, 'grey.jpg'), 24, 16, () => [128, 128, 128]);
  writeFileSync(join(folder, 'notes.txt'), 'not an image');
  const spec = folderSpec(folder, { shape: [8, 8, 1], resize: 8, crop: 8 });
  const dataset = loadDataset(spec);
  assert.is(dataset.count, 2);
  const [batch] = dataset.batches(2, createRng(1), true);
  assert.equal(batch.images.shape, [2, 8, 8, 1]);
  const values = Array.from(batch.images.dataSync(), (v) => Math.round(v * 255));
  batch.images.dispose();
  // Sorted order: class-a/red.png first, then grey.jpg. Pure red in luma is 76 (Pillow's convert('L')).
  assert.ok(values.slice(0, 64).every((v) => v === 76), `red as grey: ${values.slice(0, 8)}`);
  assert.ok(values.slice(64).every((v) => Math.abs(v - 128) <= 2), `jpeg grey: ${values.slice(64, 72)}`);
});

test('random flips come from the rng: both orientations appear, and the same seed repeats them', () => {
  const folder = join(dir, 'flips');
  mkdirSync(folder);
  // Four coloured quadrants: the colour of the top-left pixel tells how the image was mirrored.
  writePng(join(folder, 'a.png'), 10, 10, (x, y) => (y < 5 ? (x < 5 ? RED : [0, 255, 0]) : x < 5 ? BLUE : [255, 255, 255]));
  const orientationOfCorner: Record<string, string> = { '1,0,0': '--', '0,1,0': 'h-', '0,0,1': '-v', '1,1,1': 'hv' };
  const orientations = (flips: DataSpec['flips'], seed: number) => {
    const dataset = loadDataset(folderSpec(folder, { flips }));
    const rng = createRng(seed);
    const seen: string[] = [];
    for (let epoch = 0; epoch < 16; epoch++) {
      for (const batch of dataset.batches(1, rng, true)) {
        seen.push(orientationOfCorner[Array.from(batch.images.dataSync().subarray(0, 3)).join()]);
        batch.images.dispose();
      }
    }
    return seen;
  };
  assert.ok(orientations([], 1).every((o) => o === '--'));
  const horizontal = orientations(['horizontal'], 1);
  assert.ok(horizontal.includes('h-') && horizontal.includes('--') && !horizontal.some((o) => o.endsWith('v')));
  const both = orientations(['horizontal', 'vertical'], 1);
  assert.ok(['--', 'h-', '-v', 'hv'].every((o) => both.includes(o)), both.join());
  assert.equal(both, orientations(['horizontal', 'vertical'], 1));
  assert.not.equal(both, orientations(['horizontal', 'vertical'], 2));
});

test('folder errors name the folder or the file', () => {
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  assert.throws(() => loadDataset(folderSpec(empty)), (e: Error) => e.message.includes(empty) && /holds no images/.test(e.message));
  assert.throws(() => loadDataset(folderSpec(join(dir, 'absent'))), /image folder not found/);

  const broken = join(dir, 'broken');
  mkdirSync(broken);
  writeFileSync(join(broken, 'bad.png'), 'this is not a png');
  assert.throws(() => loadDataset(folderSpec(broken)), (e: Error) => e.message.includes(join(broken, 'bad.png')) && /cannot decode image/.test(e.message));

  const small = join(dir, 'small');
  mkdirSync(small);
  writePng(join(small, 'tiny.png'), 6, 6, () => RED);
  assert.throws(() => loadDataset(folderSpec(small, { resize: undefined })), (e: Error) => e.message.includes('tiny.png') && /smaller than the crop of 10x10/.test(e.message));
  assert.throws(() => loadDataset(folderSpec(small, { resize: undefined, crop: undefined })), /is 6x6 \(height x width\) after resize and crop, but the data shape is \[10, 10, 3\]/);
  assert.throws(() => loadDataset(folderSpec(small, { shape: [10, 10, 4] })), /1 or 3 channels/);
  assert.throws(() => loadDataset(folderSpec(small, { labels: true })), /labels are not supported for image folders/);
});

test('limit keeps the first images in sorted order', () => {
  const folder = join(dir, 'many');
  mkdirSync(folder);
  for (const name of ['c.png', 'a.png', 'b.png']) writePng(join(folder, name), 10, 10, () => (name === 'a.png' ? RED : BLUE));
  const dataset = loadDataset(folderSpec(folder), { limit: 1 });
  assert.is(dataset.count, 1);
  const [batch] = dataset.batches(1, createRng(1), true);
  assert.equal(Array.from(batch.images.dataSync().subarray(0, 3)), [1, 0, 0]);
  tf.dispose(batch.images);
});

test.run();
