import { GraphBuilder, type Tensor } from '../../compiler/graph/builder.js';
import { gradients } from '../../compiler/graph/autodiff.js';
import type { Values } from '../../compiler/graph/interpret.js';
import { elementCountAt } from '../../compiler/graph/shape.js';
import type { OpCase } from './op-cases.js';
import { randomInts, randomValues } from './support.js';

/** One op case as a graph: y = op(x...), loss = sum(y * w) for fixed random w, and d loss / dx. */
export interface BuiltCase {
  b: GraphBuilder;
  /** Values for every input at `batch`. */
  inputs: Record<string, Values>;
  /** Names of the differentiable inputs, in case order. */
  floatInputs: string[];
  weights: Float32Array;
}

function inputValues(c: OpCase, k: number, batch: number): Values {
  const input = c.inputs[k];
  const count = elementCountAt(input.shape, batch);
  return input.dtype === 'i32' ? randomInts(count, 100 + k, input.high ?? 2) : randomValues(count, 10 + k, input.low, input.high);
}

export function buildCase(c: OpCase, batch: number): BuiltCase {
  const b = new GraphBuilder();
  const inputs: Record<string, Values> = {};
  const xs: Tensor[] = c.inputs.map((input, k) => {
    inputs[`x${k}`] = inputValues(c, k, batch);
    return b.input(`x${k}`, input.shape, input.dtype ?? 'f32');
  });
  const y = c.graph(b, ...xs);
  b.output('y', y);
  const weights = randomValues(elementCountAt(y.shape, batch), 99);
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
