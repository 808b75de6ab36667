import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { writeFileChecked } from '../files.js';
import type { SpecFingerprint } from './fingerprint.js';
import { nonFiniteWeight } from './finite-weights.js';

/**
 * `manifest.json`: the size and sha256 of every other file of a checkpoint (or an export), and
 * the spec's fingerprint. It is written last, inside the temporary folder, before the folder is
 * renamed into place: a folder whose files all match its manifest is complete and unchanged.
 */
export const MANIFEST_FILE = 'manifest.json';
const MANIFEST_VERSION = 1;

export interface CheckpointManifest {
  manifest: typeof MANIFEST_VERSION;
  /** By path relative to the checkpoint folder, with `/` separators. */
  files: Record<string, { bytes: number; sha256: string }>;
  fingerprint: SpecFingerprint;
}

/** What a use of a checkpoint reads: resuming needs all of it, sampling only the generator and the state. */
export const TRAINING_FILES = [
  'state.json',
  'generator/model.json',
  'generator/weights.bin',
  'discriminator/model.json',
  'discriminator/weights.bin',
  'optimizers/generator.json',
  'optimizers/generator.bin',
  'optimizers/discriminator.json',
  'optimizers/discriminator.bin',
] as const;
export const GENERATOR_FILES = ['state.json', 'generator/model.json', 'generator/weights.bin'] as const;

/** Weight files and the JSON that lists their tensors: checked for NaN and infinity. */
const WEIGHTS: readonly { bin: string; json: string }[] = [
  { bin: 'generator/weights.bin', json: 'generator/model.json' },
  { bin: 'discriminator/weights.bin', json: 'discriminator/model.json' },
  { bin: 'optimizers/generator.bin', json: 'optimizers/generator.json' },
  { bin: 'optimizers/discriminator.bin', json: 'optimizers/discriminator.json' },
];

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(folder, path)).isFile())
    .map((path) => path.split(sep).join('/'))
    .filter((path) => path !== MANIFEST_FILE)
    .sort();
}

/** Writes `folder/manifest.json` for the files now in `folder`. Call it after the last of them is written. */
export function writeManifest(folder: string, fingerprint: SpecFingerprint): void {
  const files: CheckpointManifest['files'] = {};
  for (const path of filesUnder(folder)) {
    const bytes = readFileSync(join(folder, path));
    files[path] = { bytes: bytes.length, sha256: sha256(bytes) };
  }
  const manifest: CheckpointManifest = { manifest: MANIFEST_VERSION, files, fingerprint };
  writeFileChecked(join(folder, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
}

export type Verified = { ok: true; manifest: CheckpointManifest } | { ok: false; problem: string };

/**
 * Checks that `folder` holds each of `needed` files as its manifest records them (size, then
 * sha256), and that no weight among them is NaN or infinite. The problem names the file:
 * "<path>: checksum mismatch", "<path>: truncated: expected N bytes, found M".
 */
export function verifyCheckpoint(folder: string, needed: readonly string[]): Verified {
  const manifestPath = join(folder, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return { ok: false, problem: `${manifestPath} is missing: the checkpoint was not finished, or predates checksums` };
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CheckpointManifest;
  } catch (error) {
    return { ok: false, problem: `${manifestPath}: not valid JSON (${(error as Error).message})` };
  }
  if (manifest.manifest !== MANIFEST_VERSION || typeof manifest.files !== 'object' || manifest.files === null) {
    return { ok: false, problem: `${manifestPath}: not a manifest this runtime reads (version ${String(manifest.manifest)})` };
  }
  for (const file of needed) {
    const path = join(folder, file);
    const expected = Object.hasOwn(manifest.files, file) ? manifest.files[file] : undefined;
    if (expected === undefined) return { ok: false, problem: `${path}: not listed in ${MANIFEST_FILE}` };
    if (!existsSync(path)) return { ok: false, problem: `${path}: missing` };
    if (!statSync(path).isFile()) return { ok: false, problem: `${path}: not a file` };
    const bytes = readFileSync(path);
    if (bytes.length < expected.bytes) return { ok: false, problem: `${path}: truncated: expected ${expected.bytes} bytes, found ${bytes.length}` };
    if (bytes.length > expected.bytes) return { ok: false, problem: `${path}: expected ${expected.bytes} bytes, found ${bytes.length}` };
    if (sha256(bytes) !== expected.sha256) return { ok: false, problem: `${path}: checksum mismatch` };
  }
  for (const weights of WEIGHTS.filter((w) => needed.includes(w.bin))) {
    const problem = nonFiniteWeight(join(folder, weights.bin), join(folder, weights.json));
    if (problem !== undefined) return { ok: false, problem };
  }
  return { ok: true, manifest };
}
