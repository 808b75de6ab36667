/**
 * What a classifier says about a set of samples as a whole: how many classes it finds at least
 * one convincing sample of (mode dropping shows as missing classes), and how far the predicted
 * class histogram is from uniform (mode collapse shows as a skewed histogram).
 */

export interface ClassFigures {
  classes: number;
  /** Classes with at least one sample predicted as that class with probability > `confidence`. */
  covered: number;
  /** Samples per predicted (argmax) class. */
  histogram: number[];
  /** KL(histogram ‖ uniform) in nats: 0 when balanced, ln(classes) when all samples fall in one class. */
  klFromUniform: number;
}

export const COVERAGE_CONFIDENCE = 0.9;

/** `probabilities`: row-major [count, classes]. */
export function classFigures(probabilities: ArrayLike<number>, classes: number, confidence = COVERAGE_CONFIDENCE): ClassFigures {
  if (classes < 1 || probabilities.length % classes !== 0) {
    throw new Error(`${probabilities.length} probabilities do not split into rows of ${classes} classes`);
  }
  const count = probabilities.length / classes;
  if (count === 0) throw new Error('class figures need at least one sample');
  const histogram = new Array<number>(classes).fill(0);
  const confident = new Array<boolean>(classes).fill(false);
  for (let r = 0; r < count; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[r * classes + c] > probabilities[r * classes + best]) best = c;
    histogram[best]++;
    if (probabilities[r * classes + best] > confidence) confident[best] = true;
  }
  return {
    classes,
    covered: confident.filter(Boolean).length,
    histogram,
    klFromUniform: klFromUniform(histogram),
  };
}

/** KL(p ‖ uniform) of a histogram of counts, in nats; empty bins contribute nothing. */
export function klFromUniform(histogram: readonly number[]): number {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total <= 0) throw new Error('the histogram is empty');
  let kl = 0;
  for (const n of histogram) {
    if (n < 0) throw new Error(`a histogram count cannot be negative, got ${n}`);
    if (n === 0) continue;
    const p = n / total;
    kl += p * Math.log(p * histogram.length);
  }
  return Math.max(kl, 0);
}
