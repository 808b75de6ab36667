import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { frameworks } from '../../compiler/frameworks.js';
import { lossKinds } from '../../compiler/losses/registry.js';
import { selectBackend } from '../../runtime/backends/index.js';
import { compiled, defaultedOptions } from './helpers.js';

/**
 * Every loss of the registry, run as its emitted TensorFlow.js code: a new loss is tested here
 * with no edit to this file. D's loss must be lower when D sorts real from fake than when it
 * swaps them; G's loss lower when D takes G's images for real.
 */

test.before(async () => {
  await selectBackend('cpu');
});

const scoresFor = { probability: { high: 0.9, low: 0.1 }, logit: { high: 3, low: -3 }, critic: { high: 3, low: -3 } } as const;

for (const kind of lossKinds.values()) for (const framework of frameworks) {
  test(`${kind.name} (${framework}): D's loss rewards sorting, G's loss rewards fooling D`, () => {
    const options = defaultedOptions(kind.schema, {});
    const { discriminator, generator, helpers = [] } = kind.tfjs(options, framework);
    const helperCode = helpers.map((h) => `function ${h.name}(${h.parameters.map((p) => p.name).join(', ')}) {\n${h.statements.join('\n')}\n}`).join('\n');
    const { high, low } = scoresFor[kind.scores(options)];
    const scores = (value: number) => tf.fill([4, 1], value);
    const call = (code: typeof discriminator, real: number, fake: number) => {
      const fn = compiled<tf.Scalar>(code.reads, `${helperCode}\n${code.statements.join('\n')}`);
      const args = code.reads.map((input) => (input === 'realScores' ? scores(real) : scores(fake)));
      return tf.tidy(() => fn(...args).dataSync()[0]);
    };
    const sorted = call(discriminator, high, low);
    const swapped = call(discriminator, low, high);
    assert.ok(Number.isFinite(sorted) && Number.isFinite(swapped), `${sorted}, ${swapped}`);
    assert.ok(sorted < swapped, `D loss sorted ${sorted} should be below swapped ${swapped}`);
    const fooled = call(generator, low, high);
    const caught = call(generator, high, low);
    assert.ok(fooled < caught, `G loss when D is fooled ${fooled} should be below caught ${caught}`);
  });
}

test.run();
