import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emitTrainer } from '../compiler/emit/index.js';
import { checkSource } from '../compiler/index.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import { withTables } from './docs-tables.js';
import { validatorsFile, validatorsSource } from './validators.js';

/**
 * Regenerates `generated/<name>.ts` for every `specs/*.gan` that checks clean, and the registry
 * tables of `docs/language.md` (`npm run generate`). Specs are read by their path relative to
 * the repository, so the files name no absolute path.
 */

export const generatedFolder = 'generated';
const specsFolder = 'specs';
export const languageReference = join('docs', 'language.md');

export interface Regenerated {
  /** File name in generated/ -> its text, for every spec that checks clean. */
  trainers: Map<string, string>;
  /** Specs with errors, and their rendered diagnostics. */
  rejected: { spec: string; diagnostics: string }[];
}

/** Emits every spec's trainer in memory, as `npm run generate` would write them. */
export function regenerate(root: string): Regenerated {
  const trainers = new Map<string, string>();
  const rejected: Regenerated['rejected'] = [];
  const specs = readdirSync(join(root, specsFolder)).filter((name) => name.endsWith('.gan')).sort();
  for (const name of specs) {
    const spec = `${specsFolder}/${name}`;
    const text = readFileSync(join(root, spec), 'utf8');
    const result = checkSource(text, spec);
    if (!result.ir) {
      rejected.push({ spec, diagnostics: renderDiagnostics(result.diagnostics, new Map([[spec, { path: spec, text }]])) });
      continue;
    }
    trainers.set(`${result.ir.name}.ts`, emitTrainer(result.ir));
  }
  return { trainers, rejected };
}

/** The language reference with its registry tables as the registries are now. */
export function regeneratedReference(root: string): string {
  return withTables(readFileSync(join(root, languageReference), 'utf8'));
}

/** The trainer files generated/ holds now. */
export function committedTrainers(root: string): string[] {
  return readdirSync(join(root, generatedFolder)).filter((name) => name.endsWith('.ts')).sort();
}

function main(root: string): void {
  const { trainers, rejected } = regenerate(root);
  const folder = join(root, generatedFolder);
  mkdirSync(folder, { recursive: true });
  for (const stale of committedTrainers(root).filter((name) => !trainers.has(name))) {
    rmSync(join(folder, stale));
    process.stdout.write(`removed ${generatedFolder}/${stale} (no clean spec for it)\n`);
  }
  for (const [name, text] of trainers) {
    writeFileSync(join(folder, name), text);
    process.stdout.write(`wrote ${generatedFolder}/${name}\n`);
  }
  writeFileSync(join(root, validatorsFile), validatorsSource(root));
  process.stdout.write(`wrote ${validatorsFile} (precompiled option validators)\n`);
  writeFileSync(join(root, languageReference), regeneratedReference(root));
  process.stdout.write(`wrote ${languageReference} (registry tables)\n`);
  for (const { spec, diagnostics } of rejected) {
    process.stderr.write(`skipped ${spec}: it does not check clean\n${diagnostics}`);
  }
}

if (require.main === module) main(join(__dirname, '..'));
