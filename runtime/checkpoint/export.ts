import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolder, writeFileChecked } from '../files.js';
import { CheckpointError } from './error.js';
import { readGeneratorFacts, resolveCheckpoint } from './folder.js';
import { toFloat16Bits } from './float16.js';
import { GENERATOR_FILES, verifyCheckpoint, writeManifest } from './manifest.js';

export interface ExportResult {
  checkpoint: string;
  output: string;
  bytesBefore: number;
  bytesAfter: number;
}

/**
 * Writes what `ganc sample` and `ganc eval` need from a checkpoint, half the size: the generator
 * with its float32 weights stored as float16 (tfjs's weight loader widens them again) and
 * state.json. D and the optimizer state stay behind, so the export cannot resume training.
 */
export function exportGenerator(source: string, output: string): ExportResult {
  const checkpoint = resolveCheckpoint(source);
  readGeneratorFacts(checkpoint); // fails clearly on a folder that is not a checkpoint
  const verified = verifyCheckpoint(checkpoint, GENERATOR_FILES);
  if (!verified.ok) throw new CheckpointError(verified.problem);
  if (existsSync(output) && readdirSync(output).length > 0) {
    throw new CheckpointError(`${output} is not empty: export into a new folder`);
  }
  const from = join(checkpoint, 'generator');
  const model = JSON.parse(readFileSync(join(from, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const [group, ...others] = model.weightsManifest;
  if (!group || others.length > 0 || group.paths.length !== 1) {
    throw new CheckpointError(`${from}/model.json: expected one weights file, as ganc writes`);
  }
  const weights = readFileSync(join(from, group.paths[0]));
  const parts: Uint8Array[] = [];
  let offset = 0;
  const specs = group.weights.map((spec) => {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = weights.subarray(offset, offset + count * 4);
    offset += count * 4;
    if (spec.dtype !== 'float32' || spec.quantization) {
      throw new CheckpointError(`${from}: weight ${spec.name} is ${spec.dtype}${spec.quantization ? ', quantized' : ''}; only float32 weights are exported`);
    }
    const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    parts.push(new Uint8Array(toFloat16Bits(values).buffer));
    return { ...spec, quantization: { dtype: 'float16' as const } };
  });
  if (offset !== weights.length) throw new CheckpointError(`${from}: weights.bin holds ${weights.length} bytes, the manifest ${offset}`);

  const to = join(output, 'generator');
  makeFolder(to);
  const packed = Buffer.concat(parts);
  writeFileChecked(join(to, group.paths[0]), packed);
  writeFileChecked(join(to, 'model.json'), JSON.stringify({ ...model, weightsManifest: [{ paths: group.paths, weights: specs }] }));
  writeFileChecked(join(output, 'state.json'), readFileSync(join(checkpoint, 'state.json')));
  // The generator's topology stays as it was; D and the optimizers stay behind.
  writeManifest(output, { name: verified.manifest.fingerprint.name, networks: { generator: verified.manifest.fingerprint.networks.generator } });
  return { checkpoint, output, bytesBefore: weights.length, bytesAfter: packed.length };
}
