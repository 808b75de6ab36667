import type { CodeEntry } from './entry.js';

/** GAN08xx: lowering a spec to the compiled training step (`compiler/graph/`). */
export const graphCodes = {
  noCompiledLowering: { code: 'GAN0801', severity: 'error', summary: 'a layer kind, loss or optimizer that the compiled executor cannot run (no graph lowering)' },
  compiledLoweringFailed: { code: 'GAN0802', severity: 'error', summary: 'options of a layer, loss or optimizer that its graph lowering cannot express' },
} satisfies Record<string, CodeEntry>;
