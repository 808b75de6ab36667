import type * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { writeFileAtomic } from '../files.js';
import { encodeImageGrid } from '../images/grid.js';
import { renderLossPlot } from '../images/plot.js';
import type { RunSpec } from '../program.js';
import { generateImages } from '../sample.js';
/** How much a training run's sample grids are scaled up (nearest neighbour): a 28x28 digit shows as 112x112. */
export const SAMPLE_GRID_ZOOM = 4;

export interface FixedNoise {
  latent: Float32Array;
  labels: Int32Array | null;
}

/**
 * What a run leaves in its folder for people to look at: G's fixed-noise samples as a grid, and
 * the loss plot.
 */
export class RunArtefacts {
  constructor(
    private readonly spec: RunSpec,
    private readonly generator: tf.LayersModel,
    private readonly fixedNoise: FixedNoise,
    private readonly folder: string,
  ) {}

  /** G's images of the fixed noise, as the grid shows them. */
  samples(): Promise<Float32Array> {
    return generateImages(this.generator, this.fixedNoise.latent, this.fixedNoise.labels, this.spec.latent.size);
  }

  /** Writes the samples as `name` in the run folder, each pixel 4x4 (`SAMPLE_GRID_ZOOM`); returns its path. */
  writeGrid(name: string, samples: Float32Array): string {
    const { rows, cols } = this.spec.samples;
    const path = join(this.folder, name);
    writeFileAtomic(path, encodeImageGrid(samples, this.spec.data.shape, rows, cols, this.spec.data.range, SAMPLE_GRID_ZOOM));
    return path;
  }

  writeLossPlot(history: { lossD: number[]; lossG: number[] }): void {
    const png = renderLossPlot([
      { name: 'Loss_D', values: history.lossD },
      { name: 'Loss_G', values: history.lossG },
    ]);
    writeFileAtomic(join(this.folder, 'losses.png'), png);
  }
}
