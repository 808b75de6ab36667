import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GraphBuilder } from '../../compiler/graph/builder.js';
import { gradients } from '../../compiler/graph/autodiff.js';
import { interpret } from '../../compiler/graph/interpret.js';
import { B } from '../../compiler/graph/shape.js';
import { buildCase, type BuiltCase } from './op-harness.js';
import { OP_BATCH, concreteShape, opCases, type OpCase } from './op-cases.js';
import { assertClose, randomValues, useTfjsCpu } from './support.js';

// Each op: forward and gradient on the reference interpreter against tfjs (cpu), and the
// gradient against central finite differences of the same graph evaluated in float64.

test.before(useTfjsCpu);

function tfjsReference(c: OpCase, built: BuiltCase): { y: Float32Array; grads: Float32Array[] } {
  return tf.tidy(() => {
    const xs = c.inputs.map((input, k) => tf.tensor(built.inputs[`x${k}`] as never, concreteShape(input.shape), input.dtype === 'i32' ? 'int32' : 'float32'));
    const y = c.tfjs(...xs);
    const w = tf.tensor(built.weights, y.shape);
    const floatIndex = c.inputs.flatMap((input, k) => ((input.dtype ?? 'f32') === 'f32' ? [k] : []));
    let grads: Float32Array[] = [];
    if (c.differentiable !== false && c.tfjsGradient !== false) {
      const f = (...fs: tf.Tensor[]) => {
        const all = xs.map((x, k) => (floatIndex.includes(k) ? fs[floatIndex.indexOf(k)] : x));
        return tf.sum(tf.mul(tf.cast(c.tfjs(...all), 'float32'), w));
      };
      grads = tf.grads(f)(floatIndex.map((k) => xs[k])).map((g) => g.dataSync() as Float32Array);
    }
    return { y: Float32Array.from(y.dataSync()), grads };
  });
}

function finiteDifference(built: BuiltCase, name: string): Float64Array {
  const base = Float64Array.from(built.inputs[name] as ArrayLike<number>);
  const h = 1e-6;
  const out = new Float64Array(base.length);
  const lossAt = (values: Float64Array) =>
    (interpret(built.b.graph, { batch: OP_BATCH, inputs: { ...built.inputs, [name]: values }, float64: true }).outputs.loss as Float64Array)[0];
  for (let i = 0; i < base.length; i++) {
    const plus = Float64Array.from(base);
    const minus = Float64Array.from(base);
    plus[i] += h;
    minus[i] -= h;
    out[i] = (lossAt(plus) - lossAt(minus)) / (2 * h);
  }
  return out;
}

for (const c of opCases) {
  test(`${c.name}: forward and gradient match tfjs and finite differences`, () => {
    const built = buildCase(c, OP_BATCH);
    const run = interpret(built.b.graph, { batch: OP_BATCH, inputs: built.inputs });
    const reference = tfjsReference(c, built);
    // The floor keeps sums that cancel to near zero from reading as large relative errors.
    assertClose(run.outputs.y as Float32Array, reference.y, 1e-5, `${c.name} forward`, 1e-2);
    if (c.differentiable === false) return;
    built.floatInputs.forEach((name, k) => {
      if (c.tfjsGradient !== false) assertClose(run.outputs[`d${name}`] as Float32Array, reference.grads[k], 1e-4, `${c.name} d${name} vs tfjs`, 1e-2);
      const exact = interpret(built.b.graph, { batch: OP_BATCH, inputs: built.inputs, float64: true }).outputs[`d${name}`];
      assertClose(exact as Float64Array, finiteDifference(built, name), 1e-5, `${c.name} d${name} vs finite differences`);
    });
  });
}

test('stopGradient passes the value and blocks the gradient', () => {
  const b = new GraphBuilder();
  const x = b.input('x', [B, 3]);
  const loss = b.sum(b.add(b.mul(b.stopGradient(x), x), x));
  const [dx] = gradients(b, loss, [x]);
  b.output('loss', loss);
  b.output('dx', dx);
  const values = randomValues(3 * OP_BATCH, 5);
  const run = interpret(b.graph, { batch: OP_BATCH, inputs: { x: values } });
  // d/dx (sg(x) * x + x) = sg(x) + 1
  assertClose(run.outputs.dx as Float32Array, values.map((v) => v + 1), 1e-6, 'dx');
  assert.ok(Math.abs((run.outputs.loss as Float32Array)[0] - values.reduce((s, v) => s + v * v + v, 0)) < 1e-5);
});

test.run();
