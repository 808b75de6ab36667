import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every file and folder under `root` with its size and modification time: equal snapshots mean nothing was touched. */
export function snapshot(root: string): string[] {
  const lines: string[] = [];
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const stat = statSync(join(folder, entry));
      lines.push(`${prefix}${entry} ${stat.isDirectory() ? 'dir' : stat.size} ${stat.mtimeMs}`);
      if (stat.isDirectory()) walk(join(folder, entry), `${prefix}${entry}/`);
    }
  };
  walk(root, '');
  return lines;
}

/** Process `pid`'s start time in clock ticks since boot (/proc/<pid>/stat, field 22), as a trainer's lock records it. */
export function processStart(pid: number): string {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ')[19];
}

/** Runs mount(8); returns its complaint when it fails (not root, no privilege in this container), else undefined. */
export function mount(...args: string[]): string | undefined {
  const result = spawnSync('mount', args, { encoding: 'utf8' });
  if (result.error) return result.error.message;
  return result.status === 0 ? undefined : `mount ${args.join(' ')}: ${result.stderr.trim().replace(/\s+/g, ' ') || `exit ${result.status}`}`;
}

export function unmount(path: string): void {
  const result = spawnSync('umount', [path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`umount ${path}: ${result.stderr}`);
}

/** A bind mount of `source` at `target`, read-only; returns why not where it cannot be made. */
export function bindReadOnly(source: string, target: string): string | undefined {
  const bound = mount('--bind', source, target);
  if (bound) return bound;
  const remounted = mount('-o', 'remount,bind,ro', target);
  if (remounted) unmount(target);
  return remounted;
}

/**
 * Whether this machine lets the tests mount (a tmpfs, and a read-only bind mount): tried once on
 * scratch folders and undone. Returns why not, or undefined.
 */
export function whyNoMounts(): string | undefined {
  const scratch = mkdtempSync(join(tmpdir(), 'ganc-mount-probe-'));
  try {
    const tmpfs = mount('-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', scratch);
    if (tmpfs) return tmpfs;
    unmount(scratch);
    mkdirSync(join(scratch, 'source'));
    mkdirSync(join(scratch, 'target'));
    const bound = bindReadOnly(join(scratch, 'source'), join(scratch, 'target'));
    if (bound) return bound;
    unmount(join(scratch, 'target'));
    return undefined;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Says in the test output that a case could not be set up here, so nothing is skipped silently. */
export function notRun(name: string, why: string): void {
  process.stdout.write(`\nNOT RUN: ${name}: ${why}\n`);
}
