import { IndentationText, Project, QuoteKind, type StatementStructures, type WriterFunction } from 'ts-morph';
import type { SpecIR } from '../ir.js';
import { emitContext } from './context.js';
import { headerComment, imports } from './header.js';
import { packageImports, type TrainerImports } from './runtime-import.js';
import { lossFunctions } from './loss.js';
import { networkBuilder } from './network.js';
import { makeOptimizersFunction } from './optimizer.js';
import { programStatement, runStatement } from './program.js';
import { stepFunctions } from './step.js';

export interface EmitOptions {
  /** What the trainer imports TensorFlow.js and the runtime as; `packageImports` unless given. */
  imports?: TrainerImports;
  /** The `--set key=value` flags the spec was checked with, named in the header: the file alone does not say so. */
  overrides?: readonly string[];
}

/**
 * Lowers a checked spec to the text of a standalone TypeScript trainer: the networks, the losses,
 * the optimizers and the training step, and the spec's facts for the runtime, which owns the
 * rest. The file is built from ts-morph structures in one bulk call and formatted once; the same
 * IR always gives the same bytes.
 */
export function emitTrainer(ir: SpecIR, options: EmitOptions = {}): string {
  const context = emitContext(ir);
  const statements: (string | WriterFunction | StatementStructures)[] = [
    headerComment(context, options.overrides ?? []),
    ...imports(options.imports ?? packageImports),
    networkBuilder(ir.generator, context),
    networkBuilder(ir.discriminator, context),
    ...lossFunctions(context),
    makeOptimizersFunction(context),
    ...stepFunctions(context),
    programStatement(context),
    runStatement(),
  ];
  const project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces },
  });
  const file = project.createSourceFile('trainer.ts', { statements });
  file.formatText({ indentSize: 2, tabSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });
  return file.getFullText();
}
