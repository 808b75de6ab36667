import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StepFigures, StepPosition } from '../figures.js';
import { appendFileChecked, fileErrorReason, writeFileChecked } from '../files.js';
import type { RunSpec } from '../program.js';
import { TrainerError } from './errors.js';

export interface MetricsRecord extends StepPosition, Record<keyof StepFigures, number | string> {}

/** JSON has no NaN or Infinity: those are written as the strings "NaN", "Infinity", "-Infinity". */
function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

/** The columns of a run's records, in the order JSON writes them: position, then figures (D(G(z)) after D's update only where G steps after D). */
function columnsOf(spec: RunSpec): (keyof MetricsRecord)[] {
  const afterUpdate: (keyof StepFigures)[] = spec.schedule.updates === 'simultaneous' ? [] : ['dFakeAfter'];
  return ['epoch', 'epochs', 'iteration', 'iterations', 'step', 'lossD', 'lossG', 'dReal', 'dFakeBefore', ...afterUpdate, 'accuracyReal', 'accuracyFake'];
}

/**
 * `<run>/metrics.jsonl`, one JSON object per logged step (figures and position), and the same
 * records as `<run>/metrics.csv` (a header row, then a row each; NaN and Infinity as those words,
 * which pandas and Python's float read), for spreadsheets and `pandas.read_csv`.
 */
export class MetricsLog {
  readonly path: string;
  readonly csvPath: string;
  private readonly columns: (keyof MetricsRecord)[];

  constructor(folder: string, spec: RunSpec) {
    this.path = join(folder, 'metrics.jsonl');
    this.csvPath = join(folder, 'metrics.csv');
    this.columns = columnsOf(spec);
  }

  /** A new run starts the JSON lines empty and the CSV with its header alone. */
  reset(): void {
    writeFileChecked(this.path, '');
    writeFileChecked(this.csvPath, this.csvLine(this.columns));
  }

  /**
   * A resumed run drops the records logged after its checkpoint, which it is about to redo. A
   * run killed mid-write can leave its last line cut short; that line goes too. The CSV is
   * written anew from the JSON lines kept, so both files hold the same records (a cut-short CSV
   * row included, and a run folder from before the CSV gets one).
   */
  keepUpTo(step: number): void {
    const kept = this.readRecords().filter(({ record }) => record.step <= step);
    writeFileChecked(this.path, kept.map(({ line }) => `${line}\n`).join(''));
    writeFileChecked(this.csvPath, [this.columns, ...kept.map(({ record }) => this.columns.map((column) => record[column]))].map((row) => this.csvLine(row)).join(''));
  }

  private readRecords(): { line: string; record: MetricsRecord }[] {
    if (!existsSync(this.path)) return [];
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      throw new TrainerError(`cannot read ${this.path}: ${fileErrorReason(error)}`);
    }
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    return lines.flatMap((line, index) => {
      try {
        return [{ line, record: JSON.parse(line) as MetricsRecord }];
      } catch {
        if (index === lines.length - 1) return [];
        throw new TrainerError(`${this.path}, line ${index + 1}: not a JSON metrics record (only the last line may be cut short, by a run killed mid-write)`);
      }
    });
  }

  append(figures: StepFigures, at: StepPosition): void {
    const record = { ...at } as MetricsRecord;
    for (const [key, value] of Object.entries(figures) as [keyof StepFigures, number][]) record[key] = jsonNumber(value);
    appendFileChecked(this.path, `${JSON.stringify(record)}\n`);
    appendFileChecked(this.csvPath, this.csvLine(this.columns.map((column) => record[column])));
  }

  /** Names and numbers need no quoting; a figure a record lacks is an empty cell. */
  private csvLine(cells: readonly (string | number | undefined)[]): string {
    return `${cells.map((cell) => (cell === undefined ? '' : String(cell))).join(',')}\n`;
  }
}
