#!/usr/bin/env node
// First: the modules after it load from V8's code cache where Node has one.
import './compile-cache.js';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { CommandModule } from 'yargs';
import { unknownFlagMessage } from '../runtime/suggest.js';
import { exitCodes } from './exit-codes.js';

/**
 * Each command's module, loaded on demand: `ganc check` then loads the checker alone, not the
 * emitter or TensorFlow.js (which took two thirds of its start-up). The key is the command's
 * first word; a test holds each module's `command` to it.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const commandModules: Readonly<Record<string, () => CommandModule<object, never>>> = {
  check: () => (require('./commands/check.js') as typeof import('./commands/check.js')).checkCommand as CommandModule<object, never>,
  compile: () => (require('./commands/compile.js') as typeof import('./commands/compile.js')).compileCommand as CommandModule<object, never>,
  train: () => (require('./commands/train.js') as typeof import('./commands/train.js')).trainCommand as CommandModule<object, never>,
  sample: () => (require('./commands/sample.js') as typeof import('./commands/sample.js')).sampleCommand as CommandModule<object, never>,
  eval: () => (require('./commands/eval.js') as typeof import('./commands/eval.js')).evalCommand as CommandModule<object, never>,
  sweep: () => (require('./commands/sweep.js') as typeof import('./commands/sweep.js')).sweepCommand as CommandModule<object, never>,
  worker: () => (require('./commands/worker.js') as typeof import('./commands/worker.js')).workerCommand as CommandModule<object, never>,
  export: () => (require('./commands/export.js') as typeof import('./commands/export.js')).exportCommand as CommandModule<object, never>,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** This ganc's version, from its package.json (found by the package's own name: the repository or dist/ alike). */
function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('ganc/package.json') as { version: string }).version;
}

/** `ganc train <spec> ... --help`: a spec named, then a help flag among the trainer's flags. */
function trainerHelp(argv: readonly string[]): boolean {
  return argv[0] === 'train' && argv[1] !== undefined && !argv[1].startsWith('-') && argv.slice(2).some((word) => word === '--help' || word === '-h');
}

/** `ganc`: one yargs root; each command lives in its own module under cli/commands/. */
export async function main(argv: string[]): Promise<void> {
  // A known command word first: only its module is needed. Anything else (help, a typo) lists them all.
  const wanted = Object.hasOwn(commandModules, argv[0] ?? '') ? [argv[0]] : Object.keys(commandModules);
  const root = yargs(argv).scriptName('ganc').usage('$0 <command> [options]');
  for (const name of wanted) root.command(commandModules[name]());
  await root
    .demandCommand(1, `name a command: ${Object.keys(commandModules).join(', ')}`)
    .strict()
    // `ganc train spec.gan --help` is the trainer's help (its flags, with the spec's defaults): the flag goes through to it.
    .help(!trainerHelp(argv))
    .version(packageVersion())
    .fail((message, error) => {
      // An Error is a command's own failure; a flag that fails its `.check()` comes as a message (a string), the user's to fix.
      if (error instanceof Error && error.name !== 'YError') throw error;
      const known = Object.keys((root as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
      process.stderr.write(`error: ${unknownFlagMessage(message, known, argv, Object.keys(commandModules))}\nrun \`ganc ${wanted.length === 1 ? `${wanted[0]} ` : ''}--help\` for usage\n`);
      process.exit(exitCodes.usage);
    })
    .parseAsync();
}

/** The process's entry (here and `bin/ganc.cjs`): `main` on the command line, an unexpected error reported as internal. */
export function run(): void {
  // `ganc check spec.gan | head` closes the pipe early: the reader has what it wanted, which is no error of ganc's.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  main(hideBin(process.argv)).catch((error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = exitCodes.internal;
  });
}

if (require.main === module) run();
