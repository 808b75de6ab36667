import type { CodeEntry } from './entry.js';

/** GAN06xx: the command line and files. */
export const usageCodes = {
  unreadableSpec: { code: 'GAN0601', severity: 'error', summary: 'a spec file that cannot be read' },
  unknownSetTarget: { code: 'GAN0602', severity: 'error', summary: 'a `--set` key that names no constant, statement, option or layer of the spec' },
  badSetValue: { code: 'GAN0604', severity: 'error', summary: 'a `--set` value that is not one value as the spec writes it (a number, name, string, list or call)' },
  setConflict: { code: 'GAN0603', severity: 'error', summary: 'a `--set` of a target that an earlier `--set` already sets, or that the spec\'s sweep sweeps' },
} satisfies Record<string, CodeEntry>;
