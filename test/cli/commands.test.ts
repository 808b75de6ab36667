import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commandModules } from '../../cli/main.js';
import { runCli } from './run-cli.js';

/**
 * Commands load on demand (cli/main.ts): each key must be its module's command word, and `check`
 * must not load TensorFlow.js or the emitter. Flags that fail their checks are usage errors.
 */

test("each command module's first word is its key", () => {
  for (const [name, load] of Object.entries(commandModules)) {
    const command = load().command;
    assert.is(String(command).split(' ')[0], name);
  }
});

test('`ganc check` loads neither TensorFlow.js nor ts-morph', () => {
  const script = `require('tsx/cjs');
require('./cli/main.ts').main(['check', '--summary=false', 'specs/seed_a_mlp.gan']).then(() => {
  const loaded = Object.keys(require.cache);
  process.stdout.write(JSON.stringify(['@tensorflow', 'ts-morph'].filter((name) => loaded.some((path) => path.includes('/node_modules/' + name)))));
});`;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' });
  assert.is(result.status, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout), []);
});

test('root help lists every command; a misspelt command is a usage error', () => {
  const help = runCli(['--help']);
  assert.is(help.status, 0);
  for (const name of Object.keys(commandModules)) assert.match(help.stdout, `ganc ${name} `);
  const typo = runCli(['chek', 'specs/seed_a_mlp.gan']);
  assert.is(typo.status, 2);
  assert.match(typo.stderr, /unexpected argument `chek`; did you mean `check`\?/);
});

test('numeric flags yargs reads as NaN or Infinity are usage errors (exit 2), not stack traces', () => {
  const cases: [string[], RegExp][] = [
    [['sample', 'docs/results/seed_a_mlp_ganc10', '--seed', 'abc'], /error: --seed must be a whole number within ±2\^53, got NaN/],
    [['sample', 'docs/results/seed_a_mlp_ganc10', '-n', '1e9'], /error: -n must be a whole number from 1 to 10000, got 1000000000/],
    [['eval', 'docs/results/seed_a_mlp_ganc10', '--seed', '1e400'], /error: --seed must be a whole number within ±2\^53, got Infinity/],
  ];
  for (const [args, message] of cases) {
    const result = runCli(args);
    assert.is(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.not.match(result.stderr, /internal error|\n\s+at /);
  }
});

test('`ganc compile -o` into a folder it cannot make names the path and the reason, exit 1', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ganc-compile-out-'));
  try {
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    const cases: [string, RegExp][] = [
      ['/proc/ganc-out', /cannot create the folder \/proc\/ganc-out: \/proc takes no new folders/],
      [join(file, 'out'), /is a file, not a folder/],
    ];
    for (const [out, reason] of cases) {
      const result = runCli(['compile', 'specs/seed_a_mlp.gan', '-o', out], { timeoutMs: 60_000 });
      assert.is(result.status, 1, `${out}: ${result.stderr}`);
      assert.match(result.stderr, reason);
      assert.not.match(result.stderr, /internal error|\n\s+at /);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test.run();
