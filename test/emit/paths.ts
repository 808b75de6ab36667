import { join } from 'node:path';

/** The repository root, and where emitted test files are type-checked (never written there). */
export const root = join(__dirname, '..', '..');
export const generatedDir = join(root, 'generated');
/** What a file in generated/ imports the runtime by: the package's own name (tsconfig.json maps it to the sources). */
export const runtimeImport = 'ganc/runtime';
