import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';
import { positionAt } from '../../grammar/spans.js';
import { baseSpecs, mutant } from './mutants.js';
import { checkDiagnostics, judge, LineIndex, syntaxProblems } from './oracle.js';

/**
 * Property test of the checker and emitter, in process: 10,000 mutants of specs/ per run (a
 * new seed each run; FUZZ_SEED and FUZZ_PATH replay one, FUZZ_RUNS changes the count). Each
 * mutant must be judged sound by `judge` (oracle.ts). A failure prints the seed and path to
 * replay it and saves the input; inputs found so far live in test/fixtures/fuzz/.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const path = process.env.FUZZ_PATH;

test(`${runs} mutants of specs/ check without a throw, with spans inside the text, and clean ones emit parsable trainers (seed ${seed})`, () => {
  let clean = 0;
  let emitted = 0;
  let failed: { text: string; message: string } | undefined;
  const started = performance.now();
  const result = fc.check(
    fc.property(mutant, (input) => {
      try {
        const verdict = judge(input.text, input.path);
        if (verdict.clean) clean += 1;
        if (verdict.emitted) emitted += 1;
        return true;
      } catch (error) {
        failed = { text: input.text, message: (error as Error).message };
        return false;
      }
    }),
    { numRuns: runs, seed, path, endOnFailure: true },
  );
  const seconds = (performance.now() - started) / 1000;
  if (result.failed) {
    const folder = join(tmpdir(), 'ganc-fuzz');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `seed${result.seed}-path${result.counterexamplePath ?? ''}.gan`);
    if (failed !== undefined) writeFileSync(file, failed.text);
    assert.unreachable(
      `fuzz failure; replay with FUZZ_SEED=${result.seed} FUZZ_PATH=${result.counterexamplePath ?? ''} npx uvu -r tsx/cjs test/fuzz fuzz.test\n` +
        `input (saved to ${file}; make it a fixture in test/fixtures/fuzz/): ${JSON.stringify(failed?.text.slice(0, 400))}\n${failed?.message ?? ''}`,
    );
  }
  assert.is(result.numRuns, path === undefined ? runs : result.numRuns);
  // The mutants must reach the emitter, or "clean specs emit" would hold vacuously.
  assert.ok(clean > runs / 50 && emitted > 0, `${clean} clean, ${emitted} emitted`);
  process.stdout.write(`  fuzz: ${result.numRuns} inputs in ${seconds.toFixed(1)} s (${(result.numRuns / seconds).toFixed(0)}/s), ${clean} clean, ${emitted} trainers emitted; seed ${seed}\n`);
});

/** Each fixture's second line: `# expect: GAN0105 3:43, ...` or `# expect: clean`. */
const expectLine = /^# expect: (.+)$/m;

test('inputs that crashed ganc (test/fixtures/fuzz) are judged sound and give the diagnostics they list', () => {
  const folder = join(__dirname, '..', 'fixtures', 'fuzz');
  const files = readdirSync(folder).filter((name) => name.endsWith('.gan'));
  assert.ok(files.length > 0);
  for (const name of files) {
    const text = readFileSync(join(folder, name), 'utf8');
    const expected = expectLine.exec(text)?.[1];
    assert.ok(expected !== undefined, `${name} has no "# expect:" line`);
    assert.is(judge(text, name).clean, expected === 'clean', name);
    const found = checkSource(text, name).diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`);
    assert.is(found.join(', ') || 'clean', expected, name);
  }
});

test('the oracle locates offsets as the grammar does', () => {
  for (const { text } of baseSpecs.slice(0, 3)) {
    for (const variant of [text, text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r')]) {
      const lines = new LineIndex(variant);
      for (let offset = 0; offset <= variant.length; offset += 7) {
        if (variant[offset - 1] === '\r' && variant[offset] === '\n') continue; // inside a CRLF: no token starts there
        const { line, column } = positionAt(variant, offset);
        assert.equal(lines.positionAt(offset), { line, column });
      }
    }
  }
});

test('the oracle catches what it is for: a span past the text, a column that disagrees, an unknown code', () => {
  const text = 'data mnist(batch = "x")\n';
  const [d] = checkSource(text, 'x.gan').diagnostics.filter((one) => one.code === 'GAN0302');
  checkDiagnostics([d], text, 'x.gan');
  const past = { ...d, span: { ...d.span, end: { offset: text.length + 1, line: 2, column: 2 } } };
  assert.throws(() => checkDiagnostics([past], text, 'x.gan'), /not inside the text/);
  const shifted = { ...d, span: { ...d.span, start: { ...d.span.start, column: d.span.start.column + 1 } } };
  assert.throws(() => checkDiagnostics([shifted], text, 'x.gan'), /the span says 1:21/);
  assert.throws(() => checkDiagnostics([{ ...d, code: 'GAN9999' }], text, 'x.gan'), /not in the catalogue/);
  assert.throws(() => checkDiagnostics([d], text, 'other.gan'), /names file x\.gan/);
});

test('the emitted-code check finds a syntax error', () => {
  assert.equal(syntaxProblems('const a = 1;\n'), []);
  assert.ok(syntaxProblems('const a = ;\n').length > 0);
});

test.run();
