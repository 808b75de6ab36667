import type { CodeEntry } from './entry.js';
import { syntaxCodes } from './syntax.js';
import { namesCodes } from './names.js';
import { optionsCodes } from './options.js';
import { shapesCodes } from './shapes.js';
import { meaningCodes } from './meaning.js';
import { usageCodes } from './usage.js';
import { sweepsCodes } from './sweeps.js';
import { graphCodes } from './graph.js';

export type { CodeEntry } from './entry.js';

/**
 * The one catalogue of diagnostic codes (as TypeScript's diagnosticMessages.json).
 * Each phase owns a range and a file; codes are stable once published.
 */
export const codes = {
  ...syntaxCodes,
  ...namesCodes,
  ...optionsCodes,
  ...shapesCodes,
  ...meaningCodes,
  ...usageCodes,
  ...sweepsCodes,
  ...graphCodes,
} satisfies Record<string, CodeEntry>;

export type CodeName = keyof typeof codes;
