import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { writeFileAtomic } from '../files.js';
import { encodeImageGrid } from '../images/grid.js';
import { renderHistogram } from '../images/histogram.js';
import { renderLossPlot } from '../images/plot.js';
import type { Batch, RunSpec, ScoreReading } from '../program.js';
import { generateImages, labelInput } from '../sample.js';
import { readDScores, type DScores } from './report.js';
/** How much a training run's sample grids are scaled up (nearest neighbour): a 28x28 digit shows as 112x112. */
export const SAMPLE_GRID_ZOOM = 4;

export interface FixedNoise {
  latent: Float32Array;
  labels: Int32Array | null;
}

/** The D-output histogram's x axis as the loss reads D: probabilities span [0, 1], critic scores their own range. */
const SCORE_AXES: Record<ScoreReading, { label: string; range?: readonly [number, number] }> = {
  probability: { label: 'D(x): probability of real', range: [0, 1] },
  logit: { label: 'sigmoid(D(x)): probability of real', range: [0, 1] },
  critic: { label: 'D(x): critic score' },
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * What a run leaves in its folder for people to look at: G's fixed-noise samples as a grid, the
 * loss plot, and each epoch's histogram of D's outputs.
 */
export class RunArtefacts {
  constructor(
    private readonly spec: RunSpec,
    private readonly models: { generator: tf.LayersModel; discriminator: tf.LayersModel },
    private readonly fixedNoise: FixedNoise,
    private readonly folder: string,
  ) {}

  /** G's images of the fixed noise, as the grid shows them. */
  samples(): Promise<Float32Array> {
    return generateImages(this.models.generator, this.fixedNoise.latent, this.fixedNoise.labels, this.spec.latent.size);
  }

  /** Writes the samples as `name` in the run folder, each pixel 4x4 (`SAMPLE_GRID_ZOOM`); returns its path. */
  writeGrid(name: string, samples: Float32Array): string {
    const { rows, cols } = this.spec.samples;
    const path = join(this.folder, name);
    writeFileAtomic(path, encodeImageGrid(samples, this.spec.data.shape, rows, cols, this.spec.data.range, SAMPLE_GRID_ZOOM));
    return path;
  }

  writeLossPlot(history: { lossD: number[]; lossG: number[] }): void {
    const png = renderLossPlot(
      [
        { name: 'Loss_D', values: history.lossD },
        { name: 'Loss_G', values: history.lossG },
      ],
      { title: `${this.spec.name}: generator and discriminator loss during training` },
    );
    writeFileAtomic(join(this.folder, 'losses.png'), png);
  }

  /**
   * D's outputs (inference mode) on a real batch and on G's fixed-noise samples: the histogram's
   * data where the step's own scores stay on another device (the compiled executor).
   */
  async scoresOf(real: Batch, samples: Float32Array): Promise<DScores> {
    const { discriminator } = this.models;
    const { labels } = this.fixedNoise;
    const conditional = discriminator.inputs.length > 1;
    const [realScores, fakeScores] = tf.tidy(() => {
      const fake = tf.tensor4d(samples, [this.spec.samples.count, ...this.spec.data.shape]);
      const score = (images: tf.Tensor, classes?: tf.Tensor) => discriminator.predict(conditional ? [images, classes!] : images) as tf.Tensor;
      return [score(real.images, real.labels), score(fake, labels ? labelInput(discriminator, labels) : undefined)];
    });
    try {
      return await readDScores(realScores, fakeScores, this.spec.scores);
    } finally {
      tf.dispose([realScores, fakeScores]);
    }
  }

  /** `d_hist_epoch_NNNN.png`: D's outputs on real and on generated images at the end of `epoch`, overlaid. */
  writeDHistogram(epoch: number, scores: DScores): string {
    const axis = SCORE_AXES[this.spec.scores];
    const png = renderHistogram(
      [
        { name: 'real', values: scores.real },
        { name: 'fake', values: scores.fake },
      ],
      { range: axis.range, xLabel: axis.label, title: `${this.spec.name}: D's outputs at the end of epoch ${epoch}` },
    );
    const path = join(this.folder, `d_hist_epoch_${pad(epoch, 4)}.png`);
    writeFileAtomic(path, png);
    return path;
  }
}
