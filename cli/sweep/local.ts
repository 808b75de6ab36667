import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../runtime/files.js';
import { writeLeaderboard, type SweepMeta } from './leaderboard.js';
import { runTrial, type TrialJob, type TrialResult } from './trial.js';

/** A finished (or failed) result of this very trial (same spec text, same flags), from an earlier run. */
export function reusableResult(out: string, job: TrialJob): TrialResult | undefined {
  const file = join(out, 'results', `${job.name}.json`);
  if (!existsSync(file)) return undefined;
  try {
    const result = JSON.parse(readFileSync(file, 'utf8')) as TrialResult;
    return result.key === job.key ? result : undefined;
  } catch {
    return undefined;
  }
}

export function saveResult(out: string, result: TrialResult): void {
  mkdirSync(join(out, 'results'), { recursive: true });
  writeFileAtomic(join(out, 'results', `${result.name}.json`), JSON.stringify(result, null, 2) + '\n');
}

/** Runs the trials on this machine, `parallel` at a time; the leaderboard is rewritten as each ends. */
export async function runLocalSweep(jobs: readonly TrialJob[], out: string, parallel: number, meta: SweepMeta, say: (line: string) => void): Promise<TrialResult[]> {
  mkdirSync(out, { recursive: true });
  const results: TrialResult[] = [];
  const queue: TrialJob[] = [];
  for (const job of jobs) {
    const done = reusableResult(out, job);
    if (done === undefined) queue.push(job);
    else {
      results.push(done);
      say(`${job.name}: reused (${done.status}${done.fid === undefined ? '' : `, FID ${done.fid.toFixed(3)}`})`);
    }
  }
  writeLeaderboard(out, results, meta);
  const runner = async () => {
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      say(`${job.name}: training (${job.values.map((v) => `${v.target} = ${v.text}`).join(', ')})`);
      const result = await runTrial(job, join(out, 'runs', job.name), join(out, 'trials'), `${hostname()}:${process.pid}`);
      saveResult(out, result);
      results.push(result);
      say(result.status === 'finished' ? `${job.name}: FID ${result.fid?.toFixed(3)} after ${result.steps} steps` : `${job.name}: failed: ${result.reason}`);
      writeLeaderboard(out, results, meta);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, runner));
  return results;
}
