import type { Origin, SpecIR } from '../ir.js';
import { citation, specFileName } from './comment.js';

/** What every part of the emitter reads: the checked spec, and how to cite its lines. */
export interface EmitContext {
  ir: SpecIR;
  /** The spec's file name without folders, as comments cite it. */
  specFile: string;
  /** `seed_a_mlp.gan:10 dense(128)`, safe inside any comment. */
  cite(origin: Origin): string;
}

export function emitContext(ir: SpecIR): EmitContext {
  const specFile = specFileName(ir.sourcePath);
  return { ir, specFile, cite: (origin) => citation(specFile, origin) };
}
