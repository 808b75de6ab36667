import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { decodeSpec, notTextDiagnostic } from '../../grammar/text.js';
import { mutant } from './mutants.js';

/**
 * 200 mutants through the real CLI (`bin/ganc.cjs check`), 20 files to a process since each
 * process takes a second or two to start, two processes at a time. Every tenth file gets a
 * byte that is not UTF-8. Each run must exit 0, 1 or 2 as the in-process checker predicts,
 * print no stack trace and no "internal error"; with --json, each file's diagnostics must be
 * those the checker gives in process. FUZZ_SEED replays a run.
 */
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const INPUTS = 200;
const PER_PROCESS = 20;
const bin = join(__dirname, '..', '..', 'bin', 'ganc.cjs');
const stackTrace = /internal error|\n\s+at .+:\d+:\d+\)?\n|RangeError|TypeError/;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function ganc(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** Runs `jobs` two at a time (the machine has two cores), in order. */
async function inPairs<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < jobs.length; i += 2) results.push(...(await Promise.all(jobs.slice(i, i + 2).map((job) => job()))));
  return results;
}

/** What the checker reports in process for these bytes, read as the CLI reads them. */
function expectedDiagnostics(bytes: Buffer, path: string): Diagnostic[] {
  const { text, notText } = decodeSpec(bytes, path);
  return notText !== undefined ? [notTextDiagnostic(notText)] : checkSource(text, path).diagnostics;
}

const placed = (d: { code: string; span: { start: { line: number; column: number } } }) => `${d.code} ${d.span.start.line}:${d.span.start.column}`;

let folder = '';
test.before(() => {
  folder = mkdtempSync(join(tmpdir(), 'ganc-cli-fuzz-'));
});
test.after(() => rmSync(folder, { recursive: true, force: true }));

test(`${INPUTS} mutants through \`ganc check\`: exit 0/1/2 as predicted, no stack trace, --json agrees with the checker (seed ${seed})`, async () => {
  const inputs = fc.sample(mutant, { numRuns: INPUTS, seed });
  const files = inputs.map((input, i) => {
    const file = join(folder, `m${String(i).padStart(3, '0')}.gan`);
    const bytes = Buffer.from(input.text, 'utf8');
    if (i % 10 === 9 && bytes.length > 0) bytes[(i * 7919) % bytes.length] = 0xff;
    writeFileSync(file, bytes);
    return { file, expected: expectedDiagnostics(bytes, file) };
  });
  const batches = Array.from({ length: INPUTS / PER_PROCESS }, (_, b) => files.slice(b * PER_PROCESS, (b + 1) * PER_PROCESS));
  const runs = await inPairs(batches.map((batch, b) => () => ganc(['check', ...(b % 2 === 1 ? ['--json'] : []), ...batch.map((f) => f.file)])));

  runs.forEach((run, b) => {
    const batch = batches[b];
    const replay = `batch ${b} (FUZZ_SEED=${seed}): ${batch.map((f) => f.file).join(' ')}`;
    const errors = batch.some((f) => hasErrors(f.expected));
    assert.is(run.status, errors ? 1 : 0, `${replay}\n${run.stderr.slice(-2000)}`);
    assert.not.match(run.stdout + run.stderr, stackTrace, replay);
    if (b % 2 === 1) {
      const report = JSON.parse(run.stdout) as { files: { path: string; diagnostics: { code: string; span: { start: { line: number; column: number } } }[] }[] };
      assert.equal(
        report.files.map((f) => f.diagnostics.map(placed)),
        batch.map((f) => f.expected.map(placed)),
        replay,
      );
    }
  });
});

test('single files: a clean spec exits 0, errors and binary exit 1, a missing file or a folder exits 2', async () => {
  const deep = join(folder, 'deep.gan');
  writeFileSync(deep, `const a = ${'('.repeat(600)}1${')'.repeat(600)}\n`);
  const binary = join(folder, 'binary.gan');
  writeFileSync(binary, Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 151) % 256)));
  const aFolder = join(folder, 'a-folder.gan');
  mkdirSync(aFolder);
  const cases: [string[], number, RegExp][] = [
    [['specs/seed_a_mlp.gan'], 0, /Total params: 579,728/],
    [[deep], 1, /error\[GAN0105\]: brackets nest more than 32 deep here/],
    [[binary], 1, /error\[GAN0106\]: this file is not text/],
    [[join(folder, 'missing.gan')], 2, /cannot read spec `.*missing\.gan`: no such file/],
    [[aFolder], 2, /cannot read spec `.*a-folder\.gan`: it is a folder, not a file/],
  ];
  const runs = await inPairs(cases.map(([args]) => () => ganc(['check', ...args])));
  runs.forEach((run, i) => {
    const [args, status, output] = cases[i];
    assert.is(run.status, status, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stdout + run.stderr, output);
    assert.not.match(run.stdout + run.stderr, stackTrace);
  });
  assert.is((runs[2].stderr.match(/error\[/g) ?? []).length, 1, 'a binary file is one error');
});

test.run();
