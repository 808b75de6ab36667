import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { emitTrainer } from '../../compiler/emit/index.js';
import { packageImports, type TrainerImports } from '../../compiler/emit/runtime-import.js';
import { printGraph } from '../../compiler/graph/printer.js';
import { checkSource, type Override } from '../../compiler/index.js';
import type { SpecIR } from '../../compiler/ir.js';
import { lowerTrainingGraph, lowerTrainingPlan } from '../../compiler/lower-step.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../diagnostics/render.js';
import { FileWriteError, makeFolder, writeFileChecked } from '../../runtime/files.js';
import type { SourceFile } from '../../diagnostics/span.js';
import { exitCodes } from '../exit-codes.js';
import { maxBatchFlag } from '../flag-checks.js';
import { overridesOf, setFlags, setOption, sourcesOf } from '../set-flag.js';
import { loadSpec } from '../sources.js';

export type Compiled = { ok: true; file: string; plan?: string } | { ok: false; exitCode: number };

export interface CompileOptions {
  /** The largest batch the compiled plan runs (default: the spec's batch). */
  maxBatch?: number;
  /** The compiled executor was asked for: a spec that does not lower is an error, not a warning. */
  requirePlan?: boolean;
  /** `--set` values put in the spec before it is checked. */
  overrides?: readonly Override[];
}

type Checked = { ok: true; ir: SpecIR; source: SourceFile; print: (diagnostics: readonly Diagnostic[]) => void } | { ok: false; exitCode: number };

/**
 * Loads and checks a spec (with its overrides put in), printing its diagnostics (warnings too)
 * to stderr. The source given back is the text checked, the one the IR's places refer to; `print`
 * maps later diagnostics of it back to the spec file and the `--set` flags, as the checker's are.
 */
function checkSpecFile(specPath: string, overrides: readonly Override[] = []): Checked {
  const loaded = loadSpec(specPath);
  if (!loaded.ok) {
    process.stderr.write(`error[${loaded.code}]: ${loaded.message}\n`);
    return { ok: false, exitCode: exitCodes.usage };
  }
  const result = loaded.notText !== undefined ? { diagnostics: [loaded.notText], ir: undefined, overridden: undefined } : checkSource(loaded.source.text, specPath, overrides);
  const sources = sourcesOf(loaded.source, result.overridden);
  const render = (diagnostics: readonly Diagnostic[]) => {
    const rendered = renderDiagnostics([...diagnostics], sources, { color: process.stderr.isTTY === true && !process.env.NO_COLOR });
    if (rendered) process.stderr.write(rendered);
  };
  render(result.diagnostics);
  if (!result.ir) return { ok: false, exitCode: exitCodes.errors };
  const overridden = result.overridden;
  if (overridden === undefined) return { ok: true, ir: result.ir, source: loaded.source, print: render };
  return { ok: true, ir: result.ir, source: { path: specPath, text: overridden.text }, print: (diagnostics) => render(diagnostics.map(overridden.mapBack)) };
}

/**
 * Checks a spec and on success writes `<outDir>/<name>.ts` importing TensorFlow.js and the
 * runtime as `specifiers` says, and beside it `<name>.plan.json`, the compiled training step that
 * `--executor compiled` runs, when the spec lowers to one. When it does not, why is printed as
 * warnings (errors with `requirePlan`) and no plan is written.
 */
export function compileSpec(specPath: string, outDir: string, specifiers: TrainerImports, options: CompileOptions = {}): Compiled {
  const checked = checkSpecFile(specPath, options.overrides);
  if (!checked.ok) return checked;
  const { ir, source } = checked;
  const text = emitTrainer(ir, { imports: specifiers, overrides: options.overrides?.map((o) => o.source.text) });
  const lowered = lowerTrainingPlan(ir, source, { maxBatch: options.maxBatch });
  if (!lowered.ok) {
    const severity = options.requirePlan ? 'error' : 'warning';
    checked.print(lowered.diagnostics.map((d) => ({ ...d, severity, notes: [...d.notes, `no ${ir.name}.plan.json is written: the trainer runs on tfjs only`] })));
    if (options.requirePlan) return { ok: false, exitCode: exitCodes.errors };
  }
  const file = join(outDir, `${ir.name}.ts`);
  const plan = join(outDir, `${ir.name}.plan.json`);
  try {
    makeFolder(outDir);
    writeFileChecked(file, text);
    if (lowered.ok) writeFileChecked(plan, `${JSON.stringify(lowered.plan)}\n`);
  } catch (error) {
    if (!(error instanceof FileWriteError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    return { ok: false, exitCode: exitCodes.errors };
  }
  return lowered.ok ? { ok: true, file, plan } : { ok: true, file };
}

/** `--emit graph`: the spec's whole training iteration as the compiler's graph IR, on stdout. */
function printSpecGraph(specPath: string, overrides: readonly Override[]): number {
  const checked = checkSpecFile(specPath, overrides);
  if (!checked.ok) return checked.exitCode;
  const lowered = lowerTrainingGraph(checked.ir, checked.source);
  if (!lowered.ok) {
    checked.print(lowered.diagnostics);
    return exitCodes.errors;
  }
  process.stdout.write(printGraph(lowered.step.graph));
  return exitCodes.ok;
}

interface CompileArgs {
  spec: string;
  out: string;
  emit: 'trainer' | 'graph';
  'max-batch'?: number;
  set: string[];
}

export const compileCommand: CommandModule<object, CompileArgs> = {
  command: 'compile <spec>',
  describe: 'check a spec and write its standalone TypeScript trainer to <out>/<name>.ts (and its compiled step to <name>.plan.json); --set key=value overrides a setting',
  builder: (y) =>
    y
      .positional('spec', { type: 'string', demandOption: true, describe: '.gan file' })
      .option('out', { alias: 'o', type: 'string', default: 'generated', describe: 'folder for the trainer' })
      .option('emit', { choices: ['trainer', 'graph'] as const, default: 'trainer' as const, describe: 'trainer: write the files; graph: print the training step\'s graph IR to stdout' })
      .option('max-batch', { type: 'number', describe: 'the largest batch the compiled plan runs (default: the spec\'s batch)' })
      .option('set', setOption)
      .check((args) => {
        const maxBatch = maxBatchFlag(args['max-batch']);
        return maxBatch === true ? setFlags(args.set) : maxBatch;
      }),
  handler: (args) => {
    const overrides = overridesOf(args.set);
    if (args.emit === 'graph') {
      process.exitCode = printSpecGraph(args.spec, overrides);
      return;
    }
    const compiled = compileSpec(args.spec, args.out, packageImports, { maxBatch: args['max-batch'], overrides });
    if (compiled.ok) process.stdout.write(`wrote ${compiled.file}${compiled.plan ? ` and ${compiled.plan}` : ''}\n`);
    process.exitCode = compiled.ok ? exitCodes.ok : compiled.exitCode;
  },
};
