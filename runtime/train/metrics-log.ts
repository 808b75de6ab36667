import { existsSync, readFileSync } from 'node:fs';
import type { StepFigures, StepPosition } from '../figures.js';
import { appendFileChecked, fileErrorReason, writeFileChecked } from '../files.js';
import { TrainerError } from './errors.js';

export interface MetricsRecord extends StepPosition, Record<keyof StepFigures, number | string> {}

/** JSON has no NaN or Infinity: those are written as the strings "NaN", "Infinity", "-Infinity". */
function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

/** `<run>/metrics.jsonl`: one JSON object per logged step, figures and position. */
export class MetricsLog {
  constructor(readonly path: string) {}

  /** A new run starts the file empty. */
  reset(): void {
    writeFileChecked(this.path, '');
  }

  /**
   * A resumed run drops the lines logged after its checkpoint, which it is about to redo. A
   * run killed mid-write can leave its last line cut short; that line goes too.
   */
  keepUpTo(step: number): void {
    if (!existsSync(this.path)) return;
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      throw new TrainerError(`cannot read ${this.path}: ${fileErrorReason(error)}`);
    }
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const kept = lines.filter((line, index) => {
      try {
        return (JSON.parse(line) as { step: number }).step <= step;
      } catch {
        if (index === lines.length - 1) return false;
        throw new TrainerError(`${this.path}, line ${index + 1}: not a JSON metrics record (only the last line may be cut short, by a run killed mid-write)`);
      }
    });
    writeFileChecked(this.path, kept.map((line) => `${line}\n`).join(''));
  }

  append(figures: StepFigures, at: StepPosition): void {
    const record = { ...at } as MetricsRecord;
    for (const [key, value] of Object.entries(figures) as [keyof StepFigures, number][]) record[key] = jsonNumber(value);
    appendFileChecked(this.path, `${JSON.stringify(record)}\n`);
  }
}
