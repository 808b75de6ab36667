import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatShape } from '../../compiler/shape.js';

test('formatShape prints the symbolic batch axis', () => {
  assert.is(formatShape([7, 7, 128]), '[batch, 7, 7, 128]');
});

test.run();
