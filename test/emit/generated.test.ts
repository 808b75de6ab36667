import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { committedTrainers, languageReference, regenerate, regeneratedReference } from '../../scripts/generate.js';
import { generatedDir, root } from './paths.js';

const { trainers, rejected } = regenerate(root);

test('every spec that checks clean has a trainer in generated/, and nothing else is there', () => {
  assert.ok(trainers.size > 0, 'no spec in specs/ checks clean');
  const stale = committedTrainers(root).filter((name) => !trainers.has(name));
  const missing = [...trainers.keys()].filter((name) => !committedTrainers(root).includes(name));
  assert.equal({ missing, stale }, { missing: [], stale: [] }, 'generated/ is out of date: run `npm run generate`');
});

test('each committed trainer equals what the compiler emits now', () => {
  const differing = [...trainers].filter(([name, text]) => {
    try {
      return readFileSync(join(generatedDir, name), 'utf8') !== text;
    } catch {
      return true;
    }
  });
  assert.equal(differing.map(([name]) => name), [], 'generated/ differs from the specs: run `npm run generate`');
});

test('docs/language.md lists every layer, loss and optimizer of the registries, as they are now', () => {
  assert.ok(readFileSync(join(root, languageReference), 'utf8') === regeneratedReference(root), 'the registry tables of docs/language.md are stale: run `npm run generate`');
});

test('the seed specs are among the clean ones', () => {
  assert.ok(trainers.has('seed_a_mlp.ts') && trainers.has('seed_b5_dcgan.ts'), `rejected: ${rejected.map((r) => r.spec).join(', ')}`);
});

test.run();
