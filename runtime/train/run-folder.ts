import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { removeStaleTemporaries } from '../checkpoint/folder.js';
import { makeFolder } from '../files.js';
import { processRuns, RunLock } from './run-lock.js';

/** `.<name>.<pid>[.<time>].tmp`: what `writeFileAtomic` and the lock write before renaming or linking. */
const TEMPORARY_FILE = /^\..+?\.(\d+)(?:\.\d+)?\.tmp$/;

/**
 * Readies a run folder before anything else happens: creates it (or stops with the path and the
 * reason: /proc, a read-only mount, a full disk, a file in the way), locks it against a second
 * trainer, and then clears what killed trainers left in it. The lock's file is the first write,
 * so a folder that cannot be written is found here, before training starts; folders made for a
 * run that could not start are removed again.
 */
export function claimRunFolder(runFolder: string): RunLock {
  const made = makeFolder(runFolder);
  let lock: RunLock;
  try {
    lock = RunLock.acquire(runFolder);
  } catch (error) {
    made.reverse().forEach(removeIfEmpty);
    throw error;
  }
  try {
    removeStaleFiles(runFolder);
    removeStaleTemporaries(runFolder);
  } catch (error) {
    lock.unlock();
    throw error;
  }
  return lock;
}

/** Removes a folder this trainer made, unless something has been put in it since. */
function removeIfEmpty(folder: string): void {
  try {
    rmdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY') throw error;
  }
}

/** Removes the run folder's temporary files of trainers that no longer run (killed mid-write), saying so. */
function removeStaleFiles(runFolder: string): void {
  for (const entry of readdirSync(runFolder)) {
    const pid = Number(TEMPORARY_FILE.exec(entry)?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || processRuns(pid)) continue;
    rmSync(join(runFolder, entry), { force: true });
    process.stderr.write(`note: removed ${join(runFolder, entry)}, left by process ${pid}, which is no longer running\n`);
  }
}
