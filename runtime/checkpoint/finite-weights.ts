import { readFileSync } from 'node:fs';
import type * as tf from '@tensorflow/tfjs';

/**
 * A weights file whose tensors hold NaN or infinity would load without complaint and then
 * train or draw nothing but NaN. This finds the first such value, reading the raw bytes by the
 * tensor list beside them (a model.json's weightsManifest, or an optimizer's .json).
 */

interface WeightsListing {
  weightsManifest?: { weights: tf.io.WeightsManifestEntry[] }[];
  weights?: tf.io.WeightsManifestEntry[];
}

/** Bytes per value of an entry as stored, and whether it is a float that could be NaN. */
function storage(entry: tf.io.WeightsManifestEntry): { bytes: number; float: 'float32' | 'float16' | undefined } {
  const quantized = entry.quantization?.dtype;
  if (quantized === 'float16') return { bytes: 2, float: 'float16' };
  if (quantized === 'uint8') return { bytes: 1, float: undefined };
  if (quantized === 'uint16') return { bytes: 2, float: undefined };
  return { bytes: entry.dtype === 'bool' ? 1 : 4, float: entry.dtype === 'float32' ? 'float32' : undefined };
}

/** "<file>: tensor <name> holds NaN at index 17", or undefined when every value is finite. */
export function nonFiniteWeight(weightsPath: string, listingPath: string): string | undefined {
  let listing: WeightsListing;
  try {
    listing = JSON.parse(readFileSync(listingPath, 'utf8')) as WeightsListing;
  } catch (error) {
    return `${listingPath}: not valid JSON (${(error as Error).message})`;
  }
  const entries = listing.weightsManifest?.flatMap((group) => group.weights) ?? listing.weights ?? [];
  const bytes = readFileSync(weightsPath);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  for (const entry of entries) {
    const { bytes: size, float } = storage(entry);
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (offset + count * size > bytes.length) return `${weightsPath}: truncated: tensor ${entry.name} needs bytes up to ${offset + count * size}, the file has ${bytes.length}`;
    for (let i = 0; float !== undefined && i < count; i += 1) {
      const at = offset + i * size;
      const finite = float === 'float32' ? Number.isFinite(view.getFloat32(at, true)) : (view.getUint16(at, true) & 0x7c00) !== 0x7c00;
      if (!finite) {
        const value = float === 'float32' ? String(view.getFloat32(at, true)) : (view.getUint16(at, true) & 0x3ff) !== 0 ? 'NaN' : 'Infinity';
        return `${weightsPath}: tensor ${entry.name} holds ${value} at index ${i}`;
      }
    }
    offset += count * size;
  }
  return undefined;
}
