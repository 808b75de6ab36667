import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

/** A folder that cannot be watched: missing at the start (a usage problem), or removed while watched. */
export class WatchError extends Error {
  constructor(message: string, readonly started: boolean) {
    super(message);
    this.name = 'WatchError';
  }
}

/** Saves come as bursts of events (write, truncate, rename); one run per burst. */
const DEBOUNCE_MS = 100;

/**
 * Calls `run` now and again after each change to one of `paths`, until SIGINT. Each file's
 * folder is watched, not the file: an editor that saves by writing a new file and renaming it
 * over the old one (vim, many IDEs) leaves a watch on the old file watching nothing, and a file
 * that is missing for a moment (or from the start) is seen again when it comes back.
 * Resolves on SIGINT; rejects with a WatchError when a folder cannot be watched.
 */
export function watchFiles(paths: readonly string[], run: (changed: readonly string[]) => void): Promise<void> {
  const byFolder = new Map<string, Map<string, string>>();
  for (const path of paths) {
    const folder = dirname(resolve(path));
    const names = byFolder.get(folder) ?? new Map<string, string>();
    names.set(basename(path), path);
    byFolder.set(folder, names);
  }
  return new Promise<void>((done, fail) => {
    const watchers: FSWatcher[] = [];
    const changed = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      process.off('SIGINT', interrupted);
    };
    const interrupted = () => {
      stop();
      done();
    };
    process.on('SIGINT', interrupted);
    try {
      for (const [folder, names] of byFolder) {
        watchers.push(
          watch(folder, (_event, name) => {
            // Some platforms give no name: any change in the folder may be ours.
            const hits = name === null ? [...names.values()] : [names.get(name.toString())].filter((p): p is string => p !== undefined);
            if (hits.length === 0) return;
            for (const hit of hits) changed.add(hit);
            clearTimeout(timer);
            timer = setTimeout(() => {
              const these = [...changed];
              changed.clear();
              run(these);
            }, DEBOUNCE_MS);
          }).on('error', (error) => {
            stop();
            fail(new WatchError(`stopped watching ${[...names.values()].join(', ')}: its folder ${folder} is gone (${error.message})`, true));
          }),
        );
      }
    } catch (error) {
      stop();
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (error as Error).message;
      fail(new WatchError(`cannot watch ${paths.join(', ')}: ${reason}`, false));
      return;
    }
    run([]);
  });
}
