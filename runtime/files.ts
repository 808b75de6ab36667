import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * A file or folder the runtime could not write, with its path and the reason in words. Node's
 * own errors for a failed `write(fd)` name no file ("ENOSPC: no space left on device, write"),
 * so every write the runtime makes goes through the helpers below, which name it.
 */
export class FileWriteError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'FileWriteError';
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is mounted read-only',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted there',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EIO: 'an input/output error on the device',
  EFBIG: 'the file is too large for the file system',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
};

/** An fs error's cause in words, with its code: "no space left on the device (ENOSPC)". */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && Object.hasOwn(REASONS, code)) return `${REASONS[code]} (${code})`;
  return (error as Error).message;
}

function cannotWrite(path: string, error: unknown): FileWriteError {
  return error instanceof FileWriteError ? error : new FileWriteError(path, `cannot write ${path}: ${fileErrorReason(error)}`);
}

export function writeFileChecked(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (error) {
    throw cannotWrite(path, error);
  }
}

export function appendFileChecked(path: string, data: string): void {
  try {
    appendFileSync(path, data);
  } catch (error) {
    throw cannotWrite(path, error);
  }
}

/** The kind of what is at `path`: undefined where nothing is (or a parent is a file). */
function kindAt(path: string): 'folder' | 'file' | undefined {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new FileWriteError(path, `cannot use ${path}: ${fileErrorReason(error)}`);
  }
}

/**
 * Creates `folder` and its missing parents one level at a time, or says why it cannot, naming
 * the path. Not `mkdirSync(..., { recursive: true })`: where a file system answers ENOENT for a
 * parent that exists (/proc), Node's recursive mkdir retries forever. Returns the folders it
 * made, outermost first.
 */
export function makeFolder(folder: string): string[] {
  const target = resolve(folder);
  const missing: string[] = [];
  let at = target;
  for (let kind = kindAt(at); kind !== 'folder'; kind = kindAt(at)) {
    if (kind === 'file') {
      throw new FileWriteError(at, at === target ? `cannot use ${at} as a folder: it is a file` : `cannot create the folder ${target}: ${at} is a file, not a folder`);
    }
    missing.unshift(at);
    at = dirname(at);
  }
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && kindAt(path) === 'folder') continue; // another process made it meanwhile
      const reason =
        code === 'ENOENT'
          ? `${dirname(path)} takes no new folders (mkdir gave ENOENT: a virtual file system such as /proc)`
          : fileErrorReason(error);
      throw new FileWriteError(path, `cannot create the folder ${target}: ${path === target ? '' : `making ${path}: `}${reason}`);
    }
  }
  return missing;
}

/**
 * Writes a file so that readers see either the old or the new content, never half of it:
 * the bytes go to a temporary file in the same folder (rename is atomic only within one file
 * system), are flushed to disk, then renamed over the target. A run killed mid-checkpoint
 * therefore leaves the previous checkpoint intact.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(temporary, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let written = 0;
      while (written < bytes.length) {
        written += writeSync(fd, bytes, written, bytes.length - written);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw cannotWrite(path, error);
  }
}
