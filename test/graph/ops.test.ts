import * as tf from '@tensorflow/tfjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GraphBuilder, type Tensor } from '../../compiler/graph/builder.js';
import { gradients } from '../../compiler/graph/autodiff.js';
import { interpret, type Values } from '../../compiler/graph/interpret.js';
import { elementCountAt, B } from '../../compiler/graph/shape.js';
import { OP_BATCH, concreteShape, opCases, type OpCase } from './op-cases.js';
import { assertClose, randomInts, randomValues, useTfjsCpu } from './support.js';

// Each op: forward and gradient on the reference interpreter against tfjs (cpu), and the
// gradient against central finite differences of the same graph evaluated in float64.

test.before(useTfjsCpu);

interface Built {
  b: GraphBuilder;
  inputs: Record<string, Values>;
  /** Names of the differentiable inputs, in case order. */
  floatInputs: string[];
  weights: Float32Array;
}

function inputValues(c: OpCase, k: number): Values {
  const input = c.inputs[k];
  const count = elementCountAt(input.shape, OP_BATCH);
  return input.dtype === 'i32' ? randomInts(count, 100 + k, input.high ?? 2) : randomValues(count, 10 + k, input.low, input.high);
}

/** loss = sum(op(x...) * w) with fixed random w, and its gradient with respect to each f32 input. */
function build(c: OpCase): Built {
  const b = new GraphBuilder();
  const inputs: Record<string, Values> = {};
  const xs: Tensor[] = c.inputs.map((input, k) => {
    inputs[`x${k}`] = inputValues(c, k);
    return b.input(`x${k}`, input.shape, input.dtype ?? 'f32');
  });
  const y = c.graph(b, ...xs);
  b.output('y', y);
  const weights = randomValues(elementCountAt(y.shape, OP_BATCH), 99);
  inputs.w = weights;
  const loss = b.sum(b.mul(b.cast(y, 'f32'), b.input('w', y.shape)));
  b.output('loss', loss);
  const floatInputs = c.inputs.flatMap((input, k) => ((input.dtype ?? 'f32') === 'f32' ? [`x${k}`] : []));
  if (c.differentiable !== false) {
    const grads = gradients(b, loss, floatInputs.map((name) => xs[Number(name.slice(1))]));
    grads.forEach((g, k) => b.output(`d${floatInputs[k]}`, g));
  }
  return { b, inputs, floatInputs, weights };
}

function tfjsReference(c: OpCase, built: Built): { y: Float32Array; grads: Float32Array[] } {
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

function finiteDifference(built: Built, name: string): Float64Array {
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
    const built = build(c);
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
