import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { emitTrainer } from '../../compiler/emit/index.js';
import { packageImports, type TrainerImports } from '../../compiler/emit/runtime-import.js';
import { checkSource } from '../../compiler/index.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import { FileWriteError, makeFolder, writeFileChecked } from '../../runtime/files.js';
import type { SourceFile } from '../../diagnostics/span.js';
import { exitCodes } from '../exit-codes.js';
import { loadSpec } from '../sources.js';

export type Compiled = { ok: true; file: string } | { ok: false; exitCode: number };

/**
 * Checks a spec, prints its diagnostics (warnings too) to stderr, and on success writes
 * `<outDir>/<name>.ts` importing TensorFlow.js and the runtime as `specifiers` says.
 */
export function compileSpec(specPath: string, outDir: string, specifiers: TrainerImports): Compiled {
  const loaded = loadSpec(specPath);
  if (!loaded.ok) {
    process.stderr.write(`error[${loaded.code}]: ${loaded.message}\n`);
    return { ok: false, exitCode: exitCodes.usage };
  }
  const result = loaded.notText !== undefined ? { diagnostics: [loaded.notText], ir: undefined } : checkSource(loaded.source.text, specPath);
  const sources = new Map<string, SourceFile>([[specPath, loaded.source]]);
  const rendered = renderDiagnostics(result.diagnostics, sources, { color: process.stderr.isTTY === true && !process.env.NO_COLOR });
  if (rendered) process.stderr.write(rendered);
  if (!result.ir) return { ok: false, exitCode: exitCodes.errors };
  const text = emitTrainer(result.ir, { imports: specifiers });
  const file = join(outDir, `${result.ir.name}.ts`);
  try {
    makeFolder(outDir);
    writeFileChecked(file, text);
  } catch (error) {
    if (!(error instanceof FileWriteError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return { ok: false, exitCode: exitCodes.errors };
  }
  return { ok: true, file };
}

interface CompileArgs {
  spec: string;
  out: string;
}

export const compileCommand: CommandModule<object, CompileArgs> = {
  command: 'compile <spec>',
  describe: 'check a spec and write its standalone TypeScript trainer to <out>/<name>.ts',
  builder: (y) =>
    y
      .positional('spec', { type: 'string', demandOption: true, describe: '.gan file' })
      .option('out', { alias: 'o', type: 'string', default: 'generated', describe: 'folder for the trainer' }),
  handler: (args) => {
    const compiled = compileSpec(args.spec, args.out, packageImports);
    if (compiled.ok) process.stdout.write(`wrote ${compiled.file}\n`);
    process.exitCode = compiled.ok ? exitCodes.ok : compiled.exitCode;
  },
};
