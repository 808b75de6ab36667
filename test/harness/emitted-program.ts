import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ts } from 'ts-morph';
import { emitTrainer } from '../../compiler/emit/index.js';
import { checkSource } from '../../compiler/index.js';
import * as gan from '../../runtime/index.js';
import { packageImports } from '../../compiler/emit/runtime-import.js';
import type { TrainerProgram } from '../../runtime/program.js';

const root = join(__dirname, '..', '..');

/**
 * The `TrainerProgram` a spec compiles to, as the generated trainer builds it: the spec is
 * checked and emitted by the real compiler, the trainer transpiled and run with `tf` and the
 * runtime, except that its closing `gan.runTrainer(program, ...)` hands the program back instead
 * of training.
 */
export function emittedProgram(specPath: string, text = readFileSync(join(root, specPath), 'utf8')): TrainerProgram {
  const result = checkSource(text, specPath);
  if (!result.ir) throw new Error(`${specPath} does not check clean: ${result.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`).join('; ')}`);
  const source = emitTrainer(result.ir);
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  let program: TrainerProgram | undefined;
  const runtime = { ...gan, runTrainer: (p: TrainerProgram) => ((program = p), Promise.resolve()) };
  const modules: Record<string, unknown> = { '@tensorflow/tfjs': tf, [packageImports.runtime]: runtime };
  const load = (name: string) => {
    if (!(name in modules)) throw new Error(`the trainer imports ${name}`);
    return modules[name];
  };
  new Function('require', 'exports', 'process', js)(load, {}, { argv: ['node', specPath] });
  if (program === undefined) throw new Error(`${specPath}: the trainer never handed its program to runTrainer`);
  return program;
}
