import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emitTrainer } from '../../compiler/emit/index.js';
import { committedTrainers } from '../../scripts/generate.js';
import { emitterVariants } from './fixture-ir.js';
import { hostileIR } from './hostile.js';
import { generatedDir, root } from './paths.js';
import { typeCheckTrainers, type TrainerFile } from './typecheck.js';

test('every generated trainer, every emitter variant and the hostile one type-check under --strict (one program)', () => {
  const committed: TrainerFile[] = committedTrainers(root).map((name) => {
    const path = join(generatedDir, name);
    return { path, text: readFileSync(path, 'utf8') };
  });
  // Checked as if they sat in generated/ (so they resolve the runtime the same way); never written.
  const emitted: TrainerFile[] = Object.entries({ ...emitterVariants(), hostile: hostileIR() }).map(([name, ir]) => ({
    path: join(generatedDir, `__emit_test_${name}.ts`),
    text: emitTrainer(ir),
  }));
  assert.ok(committed.length > 0, 'generated/ holds no trainers');
  assert.equal(typeCheckTrainers([...committed, ...emitted]), []);
});

test.run();
