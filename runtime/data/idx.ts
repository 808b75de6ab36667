import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError } from './error.js';

/**
 * Reader for the IDX format MNIST and Fashion-MNIST ship in: two zero bytes, a data type byte
 * (0x08 for unsigned bytes, the only type those data sets use), the number of dimensions, one
 * big-endian uint32 per dimension, then the values in row-major order. Files may be gzipped.
 */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'short',
  0x0c: 'int',
  0x0d: 'float',
  0x0e: 'double',
};

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function readBytes(path: string): Uint8Array {
  if (!existsSync(path)) throw new DataError(`IDX file not found: ${path}`);
  if (statSync(path).isDirectory()) throw new DataError(`${path} is a folder where an IDX file should be`);
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw new DataError(`cannot read the IDX file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch (error) {
      throw new DataError(`${path} starts like a gzip file but does not decompress: ${(error as Error).message}`);
    }
  }
  return raw;
}

/**
 * Reads an IDX file of unsigned bytes. `expectedDims`, when given, is checked against the
 * header (1 for a label file, 3 for an image file), so a swapped file is named as such.
 */
export function readIdx(path: string, expectedDims?: number): IdxArray {
  const bytes = readBytes(path);
  if (bytes.length < 4) {
    throw new DataError(`${path} is not an IDX file: it has ${bytes.length} bytes, fewer than the 4-byte magic number`);
  }
  const magic = bytes.subarray(0, 4);
  const expectedMagic = `00 00 08 ${expectedDims === undefined ? 'NN' : expectedDims.toString(16).padStart(2, '0')}`;
  if (magic[0] !== 0 || magic[1] !== 0) {
    throw new DataError(`${path} is not an IDX file: magic number expected ${expectedMagic} (hex), found ${hex(magic)}`);
  }
  const type = magic[2];
  if (type !== UNSIGNED_BYTE) {
    const name = TYPE_NAMES[type] ?? 'an unknown type';
    throw new DataError(
      `${path} holds ${name} values (IDX type 0x${type.toString(16).padStart(2, '0')}); only unsigned bytes (0x08) are supported`,
    );
  }
  const rank = magic[3];
  if (expectedDims !== undefined && rank !== expectedDims) {
    throw new DataError(
      `${path} has ${rank} dimension${rank === 1 ? '' : 's'}, expected ${expectedDims}: magic number expected ${expectedMagic} (hex), found ${hex(magic)}`,
    );
  }
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw new DataError(`${path} is cut short: its header needs ${headerLength} bytes for ${rank} dimensions, the file has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expectedLength = dims.reduce((product, d) => product * d, 1);
  const actualLength = bytes.length - headerLength;
  if (actualLength !== expectedLength) {
    throw new DataError(
      `${path} has the wrong size: its header says ${dims.join('*')} = ${expectedLength} bytes of data, the file has ${actualLength}`,
    );
  }
  return { dims, data: bytes.subarray(headerLength) };
}
