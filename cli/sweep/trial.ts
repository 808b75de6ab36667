import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * One trial of a sweep, run as a user would: `ganc train <trial.gan> --out <run folder>` (with
 * `--resume` when the folder already holds a checkpoint, so a trial a killed worker left goes on
 * from there), then `ganc eval <run folder> --json`, whose figures are the trial's result. A
 * trial whose losses are not finite is failed with the step and the loss; the sweep goes on.
 */

/**
 * The ganc this worker is part of: compiled, `dist/cli/main.js` beside this module's folder (an
 * installed package ships no `bin/ganc.cjs`); from the repository's sources, `bin/ganc.cjs`, which
 * runs them through tsx.
 */
const ganc = __filename.endsWith('.ts') ? resolve(__dirname, '..', '..', 'bin', 'ganc.cjs') : resolve(__dirname, '..', 'main.js');

/** Flags every trial of a sweep trains and is evaluated with. */
export interface TrialFlags {
  steps?: number;
  limit?: number;
  minutes?: number;
  backend: string;
  dataDir?: string;
  evalN: number;
  evalSeed: number;
}

/** What a trial is, as a job carries it. */
export interface TrialJob {
  index: number;
  name: string;
  values: { target: string; value: number | string; text: string }[];
  /** The trial's spec text. */
  text: string;
  /** Its spec and flags hashed: a finished result with this key is reused. */
  key: string;
  flags: TrialFlags;
}

export interface TrialResult {
  index: number;
  name: string;
  key: string;
  values: TrialJob['values'];
  status: 'finished' | 'failed';
  reason?: string;
  steps: number;
  wallSeconds: number;
  fid?: number;
  classes?: number;
  classesOf?: number;
  precision?: number;
  recall?: number;
  /** The last sample grid the trainer wrote. */
  grid?: string;
  checkpoint?: string;
  runFolder: string;
  /** Which process ran it (`host:pid`). */
  by: string;
}

export function trialKey(text: string, flags: TrialFlags): string {
  return createHash('sha256').update(text).update('\0').update(JSON.stringify(flags)).digest('hex').slice(0, 16);
}

function run(args: string[], log: NodeJS.WritableStream): Promise<{ code: number; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [ganc, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      log.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => log.write(chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code: code ?? (signal ? 128 : 1), stdout }));
  });
}

function lastLines(path: string, n: number): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

/** The first logged step whose losses are not finite, if any. */
function nonFiniteStep(metricsFile: string): { step: number; what: string } | undefined {
  if (!existsSync(metricsFile)) return undefined;
  for (const line of readFileSync(metricsFile, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // a last line cut short by a kill
    }
    for (const loss of ['lossD', 'lossG']) {
      const value = entry[loss];
      if (typeof value !== 'number' || !Number.isFinite(value)) return { step: Number(entry.step), what: `${loss === 'lossD' ? "D's" : "G's"} loss is ${String(value)}` };
    }
  }
  return undefined;
}

function loggedSteps(metricsFile: string): number {
  const last = lastLines(metricsFile, 2).split('\n').reverse();
  for (const line of last) {
    try {
      return Number((JSON.parse(line) as { step: number }).step) || 0;
    } catch {
      /* cut short */
    }
  }
  return 0;
}

function latestGrid(runFolder: string): string | undefined {
  if (!existsSync(runFolder)) return undefined;
  const grids = readdirSync(runFolder).filter((f) => /^image_at_(epoch|step)_\d+\.png$/.test(f)).sort();
  return grids.length === 0 ? undefined : join(runFolder, grids[grids.length - 1]);
}

function hasCheckpoint(runFolder: string): boolean {
  const folder = join(runFolder, 'checkpoints');
  return existsSync(folder) && readdirSync(folder).some((f) => /^step_\d+$/.test(f));
}

function evalDataset(text: string): string {
  return /\bdata\s+fashion_mnist\b/.test(text) ? 'fashion_mnist' : 'mnist';
}

/**
 * Trains and evaluates one trial in `runFolder`; `specFolder` holds its spec and log. Resolves
 * to its result, a failure included; rejects only when ganc itself could not be started.
 */
export async function runTrial(job: TrialJob, runFolder: string, specFolder: string, by: string): Promise<TrialResult> {
  mkdirSync(specFolder, { recursive: true });
  const specFile = join(specFolder, `${job.name}.gan`);
  writeFileSync(specFile, `# ${job.name} of a sweep: ${job.values.map((v) => `${v.target} = ${v.text}`).join(', ')}\n${job.text}`);
  const logFile = join(specFolder, `${job.name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const started = Date.now();
  const base = { index: job.index, name: job.name, key: job.key, values: job.values, runFolder, by };
  try {
    const f = job.flags;
    const train = ['train', specFile, '--out', runFolder, '--backend', f.backend];
    if (hasCheckpoint(runFolder)) train.push('--resume');
    if (f.steps !== undefined) train.push('--steps', String(f.steps));
    if (f.limit !== undefined) train.push('--limit', String(f.limit));
    if (f.minutes !== undefined) train.push('--minutes', String(f.minutes));
    if (f.dataDir !== undefined) train.push('--data-dir', f.dataDir);
    log.write(`$ ganc ${train.join(' ')}\n`);
    const trained = await run(train, log);
    const metrics = join(runFolder, 'metrics.jsonl');
    const steps = loggedSteps(metrics);
    const nan = nonFiniteStep(metrics);
    const wallSeconds = (Date.now() - started) / 1000;
    if (nan !== undefined) return { ...base, status: 'failed', reason: `${nan.what} at step ${nan.step}`, steps, wallSeconds, grid: latestGrid(runFolder) };
    if (trained.code !== 0) {
      return { ...base, status: 'failed', reason: `ganc train exited with ${trained.code}: ${lastLines(logFile, 3).replace(/\n/g, ' | ')}`, steps, wallSeconds };
    }
    const evaluate = ['eval', runFolder, '--json', '--n', String(f.evalN), '--seed', String(f.evalSeed), '--backend', f.backend, '--dataset', evalDataset(job.text)];
    if (f.dataDir !== undefined) evaluate.push('--data-dir', f.dataDir);
    log.write(`$ ganc ${evaluate.join(' ')}\n`);
    const evaluated = await run(evaluate, log);
    if (evaluated.code !== 0) {
      return { ...base, status: 'failed', reason: `ganc eval exited with ${evaluated.code}: ${lastLines(logFile, 2).replace(/\n/g, ' | ')}`, steps, wallSeconds: (Date.now() - started) / 1000 };
    }
    const report = JSON.parse(evaluated.stdout) as { checkpoint: string; samples: { fid: number; covered: number; classes: number; precision: number; recall: number } };
    const s = report.samples;
    if (!Number.isFinite(s.fid)) {
      return { ...base, status: 'failed', reason: `FID is ${String(s.fid)}: the generator's samples are not finite`, steps, wallSeconds: (Date.now() - started) / 1000 };
    }
    return {
      ...base,
      status: 'finished',
      steps,
      wallSeconds: (Date.now() - started) / 1000,
      fid: s.fid,
      classes: s.covered,
      classesOf: s.classes,
      precision: s.precision,
      recall: s.recall,
      grid: latestGrid(runFolder),
      checkpoint: report.checkpoint,
    };
  } finally {
    await new Promise<void>((done) => log.end(done));
  }
}
