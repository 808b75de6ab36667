import type { Options } from 'yargs';
import { parseOverride, type Overridden, type Override } from '../compiler/index.js';
import type { SourceFile } from '../diagnostics/span.js';
import { closest } from '../runtime/suggest.js';
import { TRAINER_FLAG_NAMES } from '../runtime/train/flag-names.js';

/** `--set key=value`, repeatable, one value each: the same option on every command that checks a spec. */
export const setOption = {
  type: 'string',
  array: true,
  nargs: 1,
  default: [] as string[],
  describe: 'put a value in the spec, as an edit of the file would: --set optimizer.D.lr=1e-4 (repeatable)',
} as const satisfies Options;

/** For yargs `.check()`: each `--set` is `key=value`, else a usage error (exit 2) before anything is read. */
export function setFlags(sets: readonly string[]): true | string {
  for (const [index, set] of sets.entries()) {
    const parsed = parseOverride(set, index);
    if (typeof parsed === 'string') return parsed;
  }
  return true;
}

/** The overrides the `--set` flags give (their shape already checked by `setFlags`). */
export function overridesOf(sets: readonly string[]): Override[] {
  return sets.map((set, index) => parseOverride(set, index)).filter((o): o is Override => typeof o !== 'string');
}

/** What the renderer needs for a spec's diagnostics: the spec, and each `<--set n>` a diagnostic may point into. */
export function sourcesOf(spec: SourceFile, overridden: Overridden | undefined): Map<string, SourceFile> {
  return new Map([[spec.path, spec], ...(overridden?.sources ?? []).map((source) => [source.path, source] as const)]);
}

/**
 * `ganc train`'s flags after the spec go to the trainer, which knows no `--set`: a flag closer to
 * `--set` than to any of the trainer's is ganc's, misspelt (`--sett`). Gives it as typed.
 */
export function misspeltSet(trainerFlags: readonly string[]): string | undefined {
  return trainerFlags.find((flag) => {
    const name = /^--([^=]+)/.exec(flag)?.[1];
    return name !== undefined && name !== 'set' && closest(name, [...TRAINER_FLAG_NAMES, 'help', 'set']) === 'set';
  })?.split('=')[0];
}
