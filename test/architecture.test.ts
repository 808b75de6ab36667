import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/**
 * ARCHITECTURE.md's invariants, as dependency-cruiser finds the imports (.dependency-cruiser.cjs):
 * no circle, the runtime never imports the compiler, the compiler only the runtime's types, the
 * checker never the emitter, generated trainers only tfjs and the runtime, no upward import
 * between the runtime's floors.
 */

const root = join(__dirname, '..');
const checked = ['compiler', 'grammar', 'runtime', 'cli', 'diagnostics', 'generated', 'scripts'];

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

test('the import graph keeps the pipeline\'s rules', () => {
  const bin = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const run = spawnSync(process.execPath, [bin, '--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...checked], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(run.stdout.length > 0, `dependency-cruiser printed nothing: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  assert.ok(result.summary.totalCruised > 100, `only ${result.summary.totalCruised} modules were cruised`);
  const violations = result.summary.violations.map((v) =>
    v.cycle ? `${v.rule.name}: ${[v.from, ...v.cycle.map((c) => c.name)].join(' -> ')}` : `${v.rule.name}: ${v.from} -> ${v.to}`,
  );
  assert.equal(violations, []);
});

test.run();
