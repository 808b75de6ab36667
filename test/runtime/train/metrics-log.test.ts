import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatLogLine, type StepFigures } from '../../../runtime/figures.js';
import { MetricsLog } from '../../../runtime/train/metrics-log.js';
import { readMetrics } from './capture.js';
import { seedAProgram } from './programs.js';

const figures: StepFigures = { lossD: 0.5, lossG: Number.NaN, dReal: 0.75, dFakeBefore: 0.25, dFakeAfter: 0.3, accuracyReal: 0.875, accuracyFake: 0.5 };
const at = (step: number) => ({ epoch: 2, epochs: 15, iteration: step, iterations: 937, step });

test('the log line reads as the seeds print theirs', () => {
  assert.is(
    formatLogLine({ ...figures, lossG: 2.25 }, at(100)),
    '[2/15][100/937] Loss_D: 0.5000 Loss_G: 2.2500 D(x): 0.7500 D(G(z)): 0.2500 / 0.3000 Acc real: 87.5% fake: 50.0%',
  );
});

test('metrics.jsonl keeps NaN readable, and a resume drops the lines after its checkpoint and a cut-off last line', () => {
  const log = new MetricsLog(mkdtempSync(join(tmpdir(), 'ganc-metrics-')), seedAProgram().spec);
  const { path, csvPath } = log;
  log.reset();
  for (const step of [1, 2, 3]) log.append(figures, at(step));
  assert.is(readMetrics(readFileSync(path, 'utf8'))[0].lossG, 'NaN');
  const header = 'epoch,epochs,iteration,iterations,step,lossD,lossG,dReal,dFakeBefore,dFakeAfter,accuracyReal,accuracyFake';
  assert.equal(readFileSync(csvPath, 'utf8').split('\n').slice(0, 2), [header, '2,15,1,937,1,0.5,NaN,0.75,0.25,0.3,0.875,0.5']);
  writeFileSync(path, `${readFileSync(path, 'utf8')}{"epoch":2,"ste`);
  writeFileSync(csvPath, `${readFileSync(csvPath, 'utf8')}2,15,4,9`);
  log.keepUpTo(2);
  assert.equal(readMetrics(readFileSync(path, 'utf8')).map((m) => m.step), [1, 2]);
  const rows = readFileSync(csvPath, 'utf8').split('\n');
  assert.equal([rows[0], rows.slice(1, -1).map((row) => row.split(',')[4]), rows.at(-1)], [header, ['1', '2'], ''], 'the header, steps 1 and 2, a final newline');
});

test("metrics.csv leaves out D(G(z)) after D's update where both networks update at once", () => {
  const base = seedAProgram().spec;
  const log = new MetricsLog(mkdtempSync(join(tmpdir(), 'ganc-metrics-')), { ...base, schedule: { ...base.schedule, updates: 'simultaneous' } });
  log.reset();
  const { dFakeAfter: _after, ...together } = figures;
  log.append(together, at(1));
  assert.equal(readFileSync(log.csvPath, 'utf8').split('\n'), [
    'epoch,epochs,iteration,iterations,step,lossD,lossG,dReal,dFakeBefore,accuracyReal,accuracyFake',
    '2,15,1,937,1,0.5,NaN,0.75,0.25,0.875,0.5',
    '',
  ]);
});

test.run();
