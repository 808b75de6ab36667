import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileErrorReason, FileWriteError } from '../files.js';
import { TrainerError } from './errors.js';

/** The lock file in a run folder while a trainer writes it. */
export const LOCK_FILE = 'trainer.lock';

/** What a lock file says about the trainer that holds it. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When the trainer took the lock, as an ISO date. */
  since: string;
  /** The process's start time in clock ticks since boot (Linux), so a reused pid is told apart. */
  processStart: string | null;
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised name, which may hold spaces), and the state, field 3. */
function procStat(pid: number): { state: string; start: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], start: fields[19] };
  } catch {
    return undefined;
  }
}

/** Whether process `pid` exists (a zombie too). */
function signalZero(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether process `pid` of this host still runs: it answers, is no zombie, and (when known) started at `processStart`. */
export function processRuns(pid: number, processStart: string | null = null): boolean {
  if (!signalZero(pid)) return false;
  const stat = procStat(pid);
  if (stat === undefined) return true;
  return stat.state !== 'Z' && (processStart === null || stat.start === processStart);
}

function readHolder(path: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TrainerError(`cannot read the run's lock ${path}: ${fileErrorReason(error)}`);
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    if (Number.isSafeInteger(holder.pid) && typeof holder.host === 'string') return holder;
  } catch {
    // Not JSON: reported below, as for JSON of another shape.
  }
  throw new TrainerError(`${path} is not a lock that a ganc trainer wrote: remove it if no trainer is using this folder`);
}

const sameHolder = (a: LockHolder | undefined, b: LockHolder) => a !== undefined && a.pid === b.pid && a.host === b.host && a.since === b.since;

/**
 * The lock of one run folder: `trainer.lock`, holding the pid, host and start time of the
 * trainer writing the folder. A second trainer on the folder refuses at once, naming the holder,
 * and writes nothing there; a lock whose holder is dead (killed with -9, or a lost machine) is
 * said in one line and replaced. Released on exit, however the process exits short of SIGKILL.
 */
export class RunLock {
  private readonly release = () => {
    if (sameHolder(readHolderQuietly(this.path), this.holder)) rmSync(this.path, { force: true });
  };

  private constructor(
    readonly path: string,
    readonly holder: LockHolder,
  ) {
    process.once('exit', this.release);
  }

  static acquire(runFolder: string): RunLock {
    const path = join(runFolder, LOCK_FILE);
    // Each turn either takes the lock, refuses, or clears a stale one; losing a race to another trainer costs a turn.
    for (let turn = 0; turn < 3; turn++) {
      const holder = readHolder(path);
      if (holder === undefined) {
        const mine = create(path);
        if (mine) return new RunLock(path, mine);
        continue;
      }
      if (holder.host !== hostname()) {
        throw new TrainerError(
          `${runFolder} is locked by process ${holder.pid} on host ${holder.host} (since ${holder.since}); ` +
            `this host cannot tell whether it still runs: remove ${path} if it does not`,
        );
      }
      if (processRuns(holder.pid, holder.processStart)) {
        throw new TrainerError(`${runFolder} is in use by another trainer: process ${holder.pid} (since ${holder.since}) holds ${path}; stop it, or pass another --out`);
      }
      if (clearStale(path, holder)) {
        process.stderr.write(`note: ${path} was left by process ${holder.pid} (since ${holder.since}), which is no longer running; taking the run folder over\n`);
      }
    }
    throw new TrainerError(`${runFolder}: other trainers keep taking ${path}; run one trainer per run folder`);
  }

  /** Removes the lock (if it is still this trainer's). */
  unlock(): void {
    process.off('exit', this.release);
    this.release();
  }
}

function readHolderQuietly(path: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/**
 * Makes the lock file, whole or not at all: the content goes to a temporary file that is then
 * hard-linked as the lock (link fails if the lock exists), so no reader sees it half written.
 * Returns undefined when another trainer made it first.
 */
function create(path: string): LockHolder | undefined {
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), processStart: procStat(process.pid)?.start ?? null };
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, `${JSON.stringify(holder)}\n`);
    linkSync(temporary, path);
    return holder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    // The lock is the run's first write: a folder that cannot be written fails here, named as the user knows it.
    throw new FileWriteError(path, `cannot write ${path}: ${fileErrorReason(error)}`);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Moves a stale lock aside and removes it. The rename is atomic, so of two trainers clearing
 * the same stale lock one moves it; if what it moved is by then another trainer's fresh lock,
 * that lock is put back. Returns whether the stale lock was this trainer's to clear.
 */
function clearStale(path: string, stale: LockHolder): boolean {
  const aside = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new FileWriteError(path, `cannot replace the stale lock ${path}: ${fileErrorReason(error)}`);
  }
  try {
    if (sameHolder(readHolderQuietly(aside), stale)) return true;
    putBack(aside, path);
    return false;
  } finally {
    rmSync(aside, { force: true });
  }
}

/** Gives a fresh lock moved aside by mistake back to its place, unless a third trainer has taken the place meanwhile. */
function putBack(aside: string, path: string): void {
  try {
    linkSync(aside, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new FileWriteError(path, `cannot restore the lock ${path}: ${fileErrorReason(error)}`);
  }
}
