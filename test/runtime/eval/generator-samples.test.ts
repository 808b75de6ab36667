import { rmSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateImages, loadGenerator } from '../../../runtime/eval/generator-samples.js';
import { writeTinyRun } from './tiny-generator.js';

for (const conditional of [false, true]) {
  test(`a ${conditional ? 'conditional' : 'plain'} generator's run folder gives its latest checkpoint's images, in [0, 1]`, async () => {
    const { run, checkpoint } = await writeTinyRun(conditional);
    try {
      const generator = await loadGenerator(run);
      assert.is(generator.checkpoint, checkpoint);
      assert.is(generator.facts.conditional, conditional);
      const images = generateImages(generator, 7, 0, 3);
      assert.equal(images.shape, [7, 28, 28, 1]);
      const [low, high] = tf.tidy(() => [images.min().dataSync()[0], images.max().dataSync()[0]]);
      assert.ok(low >= 0 && high <= 1 && high > low, `values in [${low}, ${high}]`);
      // The same seed draws the same latents.
      const again = generateImages(generator, 7, 0, 7);
      assert.ok(tf.tidy(() => images.sub(again).abs().max().dataSync()[0]) < 1e-6);
      tf.dispose([images, again]);
      generator.model.dispose();
    } finally {
      rmSync(run, { recursive: true, force: true });
    }
  });
}

test.run();
