import { test } from 'uvu';
import { GraphBuilder } from '../../compiler/graph/builder.js';
import { gradients } from '../../compiler/graph/autodiff.js';
import { interpret, type Values } from '../../compiler/graph/interpret.js';
import { B, elementCountAt, type Shape } from '../../compiler/graph/shape.js';
import { buildCase } from '../graph/op-harness.js';
import { opCases, OP_BATCH } from '../graph/op-cases.js';
import { assertClose, randomValues } from '../graph/support.js';
import { gpuRun } from './run-plan.js';

// Every op's WGSL (forward and gradient, fused as the compiler fuses them) against the
// reference interpreter, on whatever WebGPU adapter there is (SwiftShader without a GPU).

async function compare(name: string, graph: GraphBuilder['graph'], inputs: Record<string, Values>, batches: number[], maxBatch: number): Promise<void> {
  const gpu = await gpuRun(graph, maxBatch);
  try {
    for (const batch of batches) {
      const sized: Record<string, Values> = {};
      for (const input of gpu.compiled.plan.inputs) {
        const full = inputs[input.name];
        const length = input.region.length.perBatch * batch + input.region.length.fixed;
        sized[input.name] = full.slice(0, length) as Values;
      }
      const actual = await gpu.run(batch, sized);
      const expected = interpret(graph, { batch, inputs: sized }).outputs;
      for (const output of Object.keys(actual)) {
        // f32 sums in another order than the interpreter's float64: relative 1e-4, absolute 1e-5.
        assertClose(actual[output], expected[output] as ArrayLike<number>, 1e-4, `${name} ${output} at batch ${batch}`, 0.1);
      }
    }
  } finally {
    gpu.executor.destroy();
  }
}

for (const c of opCases) {
  test(`WGSL ${c.name} matches the interpreter`, async () => {
    const built = buildCase(c, OP_BATCH);
    await compare(c.name, built.b.graph, built.inputs, [OP_BATCH], OP_BATCH + 1);
  });
}

/** Cases past one tile and one workgroup, at several batch sizes including 1. */
interface LargeCase {
  name: string;
  inputs: Shape[];
  graph(b: GraphBuilder, ...xs: ReturnType<GraphBuilder['input']>[]): ReturnType<GraphBuilder['input']>;
}

const large: LargeCase[] = [
  { name: 'matmul over several partial tiles', inputs: [[B, 130], [130, 67]], graph: (b, x, w) => b.matmul(x, w) },
  { name: 'matmul transposeA with K = batch', inputs: [[B, 70], [B, 65]], graph: (b, x, y) => b.matmul(x, y, { transposeA: true }) },
  { name: 'dense + bias + leaky relu', inputs: [[B, 33], [33, 70], [70]], graph: (b, x, w, c) => b.leakyRelu(b.add(b.matmul(x, w), c), 0.2) },
  {
    name: 'conv2d k4 s2 p1 with 17 filters',
    inputs: [[B, 9, 9, 3], [4, 4, 3, 17]],
    graph: (b, x, w) => b.relu(b.conv2d(x, w, { strides: 2, pads: 1 })),
  },
  {
    name: 'conv2d transpose (backprop input) k4 s2 p1, 5 -> 10',
    inputs: [[B, 5, 5, 6], [4, 4, 3, 6]],
    graph: (b, dy, w) => b.tanh(b.conv2dBackpropInput(dy, w, [B, 10, 10, 3], { strides: 2, pads: 1 })),
  },
  {
    name: 'avg pool k3 s2 same of a relu (computed inside the pool) into a matmul',
    inputs: [[B, 9, 9, 4], [100, 3]],
    graph: (b, x, w) => b.matmul(b.reshape(b.avgPool(b.relu(x), { window: 3, strides: 2, pads: 1 }), [B, 100]), w),
  },
  { name: 'batch statistics over 300 rows (columns)', inputs: [[B, 10, 10, 20]], graph: (b, x) => b.mean(b.square(x), [0, 1, 2]) },
  { name: 'row sums of 300 (a workgroup each)', inputs: [[B, 300]], graph: (b, x) => b.sum(b.exp(x), 1) },
  { name: 'max over a long axis', inputs: [[B, 1000]], graph: (b, x) => b.max(x, 1) },
  { name: 'many short middle-axis sums (a thread each)', inputs: [[B, 20, 30]], graph: (b, x) => b.sum(b.square(x), 2) },
  { name: 'column sums of 2100 outputs (64 columns a workgroup)', inputs: [[B, 2100]], graph: (b, x) => b.sum(x, 0) },
  {
    name: 'row mean then variance in one kernel (two passes, a workgroup a row)',
    inputs: [[B, 300]],
    graph: (b, x) => {
      const centred = b.sub(x, b.mean(x, 1, true));
      return b.div(centred, b.add(b.mean(b.square(centred), 1, true), 1));
    },
  },
  {
    name: 'batch-norm statistics in one kernel (two passes over columns)',
    inputs: [[B, 6, 6, 20]],
    graph: (b, x) => {
      const centred = b.sub(x, b.mean(x, [0, 1, 2]));
      return b.mul(centred, b.rsqrt(b.add(b.mean(b.square(centred), [0, 1, 2]), 1e-5)));
    },
  },
  {
    name: 'short rows: mean then variance, a thread a row',
    inputs: [[B, 40, 3]],
    graph: (b, x) => {
      const centred = b.sub(x, b.mean(x, 2, true));
      return b.mul(centred, b.mean(b.square(centred), 2, true));
    },
  },
  { name: 'two reductions sharing a loop, and their epilogue', inputs: [[B, 40]], graph: (b, x) => b.div(b.sum(b.exp(x), 1), b.add(b.mean(b.square(x), 1), 1)) },
  {
    name: 'thin matmul (N = 1) and medium (N = 9) over K = 300',
    inputs: [[B, 300], [300, 1], [300, 9]],
    graph: (b, x, w, v) => b.concat([b.matmul(x, w), b.matmul(x, v)], 1),
  },
];

for (const c of large) {
  test(`WGSL ${c.name} matches the interpreter at batches 1, 5 and 8`, async () => {
    const b = new GraphBuilder();
    const xs = c.inputs.map((shape, k) => b.input(`x${k}`, shape));
    const y = c.graph(b, ...xs);
    b.output('y', y);
    const loss = b.sum(b.mul(y, b.input('w', y.shape)));
    gradients(b, loss, xs).forEach((g, k) => b.output(`dx${k}`, g));
    const inputs: Record<string, Values> = {};
    c.inputs.forEach((shape, k) => (inputs[`x${k}`] = randomValues(elementCountAt(shape, 8), 20 + k)));
    inputs.w = randomValues(elementCountAt(y.shape, 8), 7);
    await compare(c.name, b.graph, inputs, [1, 5, 8], 8);
  });
}


test.run();
