import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dropout } from '../../../runtime/layers/dropout.js';
import { dropoutScopes } from '../../../runtime/train/draws.js';

function network(name?: string): tf.LayersModel {
  const input = tf.input({ shape: [4] });
  const hidden = dropout({ rate: 0.5 }).apply(tf.layers.dense({ units: 4 }).apply(input)) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1 }).apply(hidden) as tf.SymbolicTensor, name });
}

test('dropout layers are scoped dropout_k, G\'s before D\'s, as the compiled step names them', () => {
  const generator = network('G');
  const discriminator = network('D');
  const scopes = dropoutScopes({ generator, discriminator });
  assert.equal([...scopes.values()], ['dropout_1', 'dropout_2']);
});

test('a network with dropout and tfjs\'s default name is refused: its mask sites would change from run to run', () => {
  assert.throws(() => dropoutScopes({ generator: network('G'), discriminator: network() }), /tfjs's default name `model\d+`/);
});

test.run();
