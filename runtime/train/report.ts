import * as tf from '@tensorflow/tfjs';
import type { StepFigures } from '../figures.js';
import type { ScoreReading, StepReport } from '../program.js';

/** D's scores as the loss reads them, and where D's call of "real" begins. */
const READINGS: Record<ScoreReading, { read(scores: tf.Tensor): tf.Tensor; threshold: number }> = {
  probability: { read: (scores) => scores, threshold: 0.5 },
  // sigmoid(logit) > 0.5 exactly when the logit is positive.
  logit: { read: (scores) => tf.sigmoid(scores), threshold: 0.5 },
  critic: { read: (scores) => scores, threshold: 0 },
};

/**
 * The logged figures of a step's report, read with one device read (each separate read would
 * stall the device once more per step). The read is asynchronous: WebGPU under Node has no
 * synchronous readback.
 */
export async function readStepReport(report: StepReport, scores: ScoreReading): Promise<StepFigures> {
  const { read, threshold } = READINGS[scores];
  const packed = tf.tidy(() => {
    const real = read(report.realScores);
    const fake = read(report.fakeScores);
    const fraction = (condition: tf.Tensor) => tf.mean(tf.cast(condition, 'float32'));
    const values = [
      report.lossD,
      report.lossG,
      tf.mean(real),
      tf.mean(fake),
      fraction(tf.greater(real, threshold)),
      fraction(tf.lessEqual(fake, threshold)),
      ...(report.fakeScoresAfter === undefined ? [] : [tf.mean(read(report.fakeScoresAfter))]),
    ];
    return tf.stack(values.map((value) => value.reshape([])));
  });
  const values = await packed.data();
  packed.dispose();
  const [lossD, lossG, dReal, dFakeBefore, accuracyReal, accuracyFake, dFakeAfter] = values;
  return { lossD, lossG, dReal, dFakeBefore, ...(dFakeAfter === undefined ? {} : { dFakeAfter }), accuracyReal, accuracyFake };
}

/** D's outputs on a real batch and on G's images, as the loss reads them: probabilities (a logit through the sigmoid) or critic scores. */
export interface DScores {
  real: Float32Array;
  fake: Float32Array;
}

/** Reads D's outputs on real and generated images back from the device (one read), as the reading scales them. */
export async function readDScores(real: tf.Tensor, fake: tf.Tensor, scores: ScoreReading): Promise<DScores> {
  const { read } = READINGS[scores];
  const packed = tf.tidy(() => tf.concat([read(real).reshape([-1]), read(fake).reshape([-1])]));
  const values = (await packed.data()) as Float32Array;
  packed.dispose();
  return { real: values.slice(0, real.size), fake: values.slice(real.size) };
}
