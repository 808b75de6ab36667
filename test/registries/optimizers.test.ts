import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { optimizerKinds } from '../../compiler/optimizers/registry.js';
import { selectBackend } from '../../runtime/backends/index.js';
import { compiled, defaultedOptions } from './helpers.js';

/**
 * Every optimizer of the registry, built from its emitted TensorFlow.js expression, minimises a
 * quadratic: a new optimizer is tested here with no edit to this file.
 */

test.before(async () => {
  await selectBackend('cpu');
});

for (const kind of optimizerKinds.values()) {
  test(`${kind.name}: its emitted optimizer brings sum((x - 3)^2) from 36 to near 0`, () => {
    const expression = kind.tfjs(defaultedOptions(kind.schema, { lr: 0.05 }) as unknown as Parameters<typeof kind.tfjs>[0]);
    const optimizer = compiled<tf.Optimizer>([], `return ${expression};`)();
    const x = tf.variable(tf.zeros([4]));
    const loss = () => tf.sum(tf.square(tf.sub(x, 3))) as tf.Scalar;
    const start = tf.tidy(() => loss().dataSync()[0]);
    for (let i = 0; i < 400; i++) {
      tf.tidy(() => {
        optimizer.minimize(loss, false, [x]);
      });
    }
    const end = tf.tidy(() => loss().dataSync()[0]);
    assert.is(start, 36);
    assert.ok(end < 0.5, `${kind.name} ended at ${end}`);
    optimizer.dispose();
    x.dispose();
  });
}

test.run();
