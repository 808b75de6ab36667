import type { Graph, Node, PoolGeometry } from './ir.js';
import { graphRoots } from './ir.js';
import { affineAt, dimAt, shapeAt } from './shape.js';

/**
 * A plain-JS reference interpreter of the IR, for tests: it checks autodiff against finite
 * differences and the WGSL kernels against a second, obviously-correct implementation. Each
 * op computes in float64 and stores float32, as the tfjs cpu backend does. It is slow and
 * meant for small shapes.
 */

export type Values = Float32Array | Float64Array | Int32Array | Uint32Array;

/** Draws `count` numbers of a site's stream; tests pass the runtime's JS Philox. */
export type RandomSource = (distribution: 'uniform' | 'normal', site: string, count: number) => Float32Array;

export interface InterpretOptions {
  batch: number;
  inputs?: Record<string, Values>;
  scalars?: Record<string, number>;
  /** Slot values at the start of the iteration; optimizer slots default to their initial fill. */
  state?: Record<string, Values>;
  random?: RandomSource;
  /** Compute f32 tensors in float64 instead (finite-difference checks of gradients). */
  float64?: boolean;
}

export interface InterpretResult {
  /** Every computed node's value by id. */
  values: (Values | undefined)[];
  outputs: Record<string, Values>;
  /** Each slot's last version. */
  state: Record<string, Values>;
}

export function interpret(graph: Graph, options: InterpretOptions): InterpretResult {
  const needed = neededNodes(graph);
  const values: (Values | undefined)[] = new Array(graph.nodes.length);
  for (const node of graph.nodes) {
    if (!needed[node.id]) continue;
    try {
      values[node.id] = evaluate(graph, node, values, options);
    } catch (error) {
      throw new Error(`interpret %${node.id} ${node.op.kind} at ${node.site}: ${(error as Error).message}`);
    }
  }
  const outputs: Record<string, Values> = {};
  for (const o of graph.outputs) outputs[o.name] = values[o.node]!;
  const state: Record<string, Values> = {};
  for (const [slot, versions] of Object.entries(graph.versions)) state[slot] = values[versions[versions.length - 1]]!;
  return { values, outputs, state };
}

function neededNodes(graph: Graph): Uint8Array {
  const needed = new Uint8Array(graph.nodes.length);
  const stack = [...graphRoots(graph), ...Object.values(graph.versions).map((v) => v[0])];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (needed[id]) continue;
    needed[id] = 1;
    stack.push(...graph.nodes[id].inputs);
  }
  return needed;
}

function allocate(node: Node, options: InterpretOptions): Values {
  const size = shapeAt(node.shape, options.batch).reduce((p, d) => p * d, 1);
  if (node.dtype === 'f32') return options.float64 ? new Float64Array(size) : new Float32Array(size);
  return node.dtype === 'i32' ? new Int32Array(size) : new Uint32Array(size);
}

/** Row-major strides of a concrete shape. */
function stridesOf(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i];
  }
  return out;
}

function coords(index: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = index % shape[i];
    index = Math.floor(index / shape[i]);
  }
  return out;
}

const unaryFns: Record<string, (x: number) => number> = {
  identity: (x) => x,
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  square: (x) => x * x,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => (x > 0 ? x : 0),
  floor: Math.floor,
};

const binaryFns: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  max: (a, b) => (a >= b || Number.isNaN(a) ? a : b),
  min: (a, b) => (a <= b || Number.isNaN(a) ? a : b),
  pow: Math.pow,
};

const compareFns: Record<string, (a: number, b: number) => boolean> = {
  greater: (a, b) => a > b,
  greaterEqual: (a, b) => a >= b,
  less: (a, b) => a < b,
  lessEqual: (a, b) => a <= b,
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
};

function evaluate(graph: Graph, node: Node, values: (Values | undefined)[], options: InterpretOptions): Values {
  const batch = options.batch;
  const input = (k: number) => values[node.inputs[k]]!;
  const inShape = (k: number) => shapeAt(graph.nodes[node.inputs[k]].shape, batch);
  const shape = shapeAt(node.shape, batch);
  const out = allocate(node, options);
  const op = node.op;
  switch (op.kind) {
    case 'input': {
      const given = options.inputs?.[op.name];
      if (!given) throw new Error(`no value for input '${op.name}'`);
      if (given.length !== out.length) throw new Error(`input '${op.name}' has ${given.length} values, expected ${out.length}`);
      out.set(given as never);
      return out;
    }
    case 'state': {
      const slot = graph.slots.find((s) => s.name === op.slot)!;
      const given = options.state?.[op.slot];
      if (given) {
        if (given.length !== out.length) throw new Error(`state '${op.slot}' has ${given.length} values, expected ${out.length}`);
        out.set(given as never);
      } else if (slot.initial !== undefined) out.fill(slot.initial);
      else throw new Error(`no value for slot '${op.slot}'`);
      return out;
    }
    case 'scalar': {
      const value = options.scalars?.[op.name];
      if (value === undefined) throw new Error(`no value for scalar '${op.name}'`);
      out[0] = value;
      return out;
    }
    case 'constant':
      out[0] = op.value;
      return out;
    case 'count':
      out[0] = affineAt(op.count, batch);
      return out;
    case 'random': {
      if (!options.random) throw new Error('the graph draws random numbers but no random source was given');
      out.set(options.random(op.distribution, op.site, out.length));
      return out;
    }
    case 'unary': {
      const f = unaryFns[op.fn];
      const x = input(0);
      for (let i = 0; i < out.length; i++) out[i] = f(x[i]);
      return out;
    }
    case 'leakyRelu': {
      const x = input(0);
      for (let i = 0; i < out.length; i++) out[i] = x[i] < 0 ? op.alpha * x[i] : x[i];
      return out;
    }
    case 'binary': {
      const f = binaryFns[op.fn];
      const [a, b] = [input(0), input(1)];
      for (let i = 0; i < out.length; i++) out[i] = f(a[i], b[i]);
      return out;
    }
    case 'compare': {
      const f = compareFns[op.fn];
      const [a, b] = [input(0), input(1)];
      for (let i = 0; i < out.length; i++) out[i] = f(a[i], b[i]) ? 1 : 0;
      return out;
    }
    case 'select': {
      const [c, a, b] = [input(0), input(1), input(2)];
      for (let i = 0; i < out.length; i++) out[i] = c[i] !== 0 ? a[i] : b[i];
      return out;
    }
    case 'clamp': {
      const x = input(0);
      for (let i = 0; i < out.length; i++) out[i] = x[i] < op.min ? op.min : x[i] > op.max ? op.max : x[i];
      return out;
    }
    case 'cast': {
      const x = input(0);
      for (let i = 0; i < out.length; i++) out[i] = node.dtype === 'f32' ? x[i] : Math.trunc(x[i]);
      return out;
    }
    case 'stopGradient':
    case 'reshape':
      out.set(input(0) as never);
      return out;
    case 'param': {
      const x = input(0);
      out.set(x.subarray(op.offset, op.offset + out.length) as never);
      return out;
    }
    case 'reduce':
      return reduce(op.fn, op.axes, input(0), inShape(0), out);
    case 'transpose': {
      const x = input(0);
      const xs = stridesOf(inShape(0));
      for (let i = 0; i < out.length; i++) {
        const c = coords(i, shape);
        let src = 0;
        for (let a = 0; a < c.length; a++) src += c[a] * xs[op.perm[a]];
        out[i] = x[src];
      }
      return out;
    }
    case 'pad': {
      const x = input(0);
      const xShape = inShape(0);
      const xs = stridesOf(xShape);
      const before = op.before.map((d) => dimAt(d, batch));
      for (let i = 0; i < out.length; i++) {
        const c = coords(i, shape);
        let src = 0;
        let inside = true;
        for (let a = 0; a < c.length; a++) {
          const k = c[a] - before[a];
          if (k < 0 || k >= xShape[a]) inside = false;
          src += k * xs[a];
        }
        out[i] = inside ? x[src] : 0;
      }
      return out;
    }
    case 'slice': {
      const x = input(0);
      const xs = stridesOf(inShape(0));
      const begin = op.begin.map((d) => dimAt(d, batch));
      for (let i = 0; i < out.length; i++) {
        const c = coords(i, shape);
        let src = 0;
        for (let a = 0; a < c.length; a++) src += (c[a] + begin[a]) * xs[a];
        out[i] = x[src];
      }
      return out;
    }
    case 'concat': {
      const starts: number[] = [];
      let at = 0;
      for (let k = 0; k < node.inputs.length; k++) {
        starts.push(at);
        at += inShape(k)[op.axis];
      }
      for (let i = 0; i < out.length; i++) {
        const c = coords(i, shape);
        let k = starts.length - 1;
        while (starts[k] > c[op.axis]) k--;
        const local = [...c];
        local[op.axis] -= starts[k];
        const ls = stridesOf(inShape(k));
        out[i] = input(k)[local.reduce((s, v, a) => s + v * ls[a], 0)];
      }
      return out;
    }
    case 'broadcast': {
      const x = input(0);
      const xShape = inShape(0);
      const xs = stridesOf(xShape);
      for (let i = 0; i < out.length; i++) {
        const c = coords(i, shape);
        let src = 0;
        for (let a = 0; a < c.length; a++) src += (xShape[a] === 1 ? 0 : c[a]) * xs[a];
        out[i] = x[src];
      }
      return out;
    }
    case 'matmul': {
      const [a, b] = [input(0), input(1)];
      const [ar, ac] = inShape(0);
      const bc = inShape(1)[1];
      const [m, n] = shape;
      const k = op.transposeA ? ar : ac;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let acc = 0;
          for (let p = 0; p < k; p++) {
            const av = op.transposeA ? a[p * ac + i] : a[i * ac + p];
            const bv = op.transposeB ? b[j * bc + p] : b[p * bc + j];
            acc += av * bv;
          }
          out[i * n + j] = acc;
        }
      }
      return out;
    }
    case 'conv2d':
    case 'conv2dBackpropInput':
    case 'conv2dBackpropFilter':
      return convolve(op.kind, op.strides, op.pads, input(0), inShape(0), input(1), inShape(1), out, shape);
    case 'avgPool':
      return averagePool('forward', op, input(0), inShape(0), out, shape);
    case 'avgPoolBackprop':
      return averagePool('adjoint', op, input(0), inShape(0), out, shape);
    case 'gather': {
      const [table, indices] = [input(0), input(1)];
      const row = out.length / Math.max(1, shape[0]);
      const rows = inShape(0)[0];
      for (let r = 0; r < shape[0]; r++) {
        const index = indices[r];
        if (index < 0 || index >= rows) throw new Error(`gather index ${index} outside [0, ${rows})`);
        out.set(table.subarray(index * row, index * row + row) as never, r * row);
      }
      return out;
    }
    case 'segmentSum': {
      const [data, indices] = [input(0), input(1)];
      const rows = inShape(0)[0];
      const row = rows === 0 ? 0 : data.length / rows;
      const sums = new Float64Array(out.length);
      for (let r = 0; r < rows; r++) {
        const index = indices[r];
        if (index < 0 || index >= op.segments) continue;
        for (let j = 0; j < row; j++) sums[index * row + j] += data[r * row + j];
      }
      out.set(sums);
      return out;
    }
  }
}

function reduce(fn: string, axes: readonly number[], x: Values, xShape: number[], out: Values): Values {
  const keptAxes = xShape.map((_, i) => i).filter((i) => !axes.includes(i));
  const keptShape = keptAxes.map((a) => xShape[a]);
  const ks = stridesOf(keptShape);
  const count = axes.reduce((p, a) => p * xShape[a], 1);
  const acc = new Float64Array(out.length).fill(fn === 'max' ? -Infinity : 0);
  for (let i = 0; i < x.length; i++) {
    const c = coords(i, xShape);
    let o = 0;
    keptAxes.forEach((a, k) => (o += c[a] * ks[k]));
    if (fn === 'max') acc[o] = Math.max(acc[o], x[i]);
    else acc[o] += x[i];
  }
  for (let o = 0; o < out.length; o++) out[o] = fn === 'mean' ? acc[o] / count : acc[o];
  return out;
}

/**
 * avgPool y[n,o,p,c] = Σ x[n, o*s+i-pt, p*s+j-pl, c] / (that window's elements inside x), and
 * its adjoint: each dy spread back over its window, divided by the same count.
 */
function averagePool(direction: 'forward' | 'adjoint', geometry: PoolGeometry, first: Values, firstShape: number[], out: Values, outShape: number[]): Values {
  const [sh, sw] = geometry.strides;
  const [pt, , pl] = geometry.pads;
  const [kh, kw] = geometry.window;
  const [n, h, w, c] = direction === 'forward' ? firstShape : outShape;
  const [, oh, ow] = direction === 'forward' ? outShape : firstShape;
  const acc = new Float64Array(out.length);
  for (let b = 0; b < n; b++)
    for (let o = 0; o < oh; o++)
      for (let p = 0; p < ow; p++) {
        const [top, left] = [o * sh - pt, p * sw - pl];
        const [r0, r1, q0, q1] = [Math.max(top, 0), Math.min(top + kh, h), Math.max(left, 0), Math.min(left + kw, w)];
        const count = (r1 - r0) * (q1 - q0);
        for (let row = r0; row < r1; row++)
          for (let col = q0; col < q1; col++)
            for (let ch = 0; ch < c; ch++) {
              const xi = ((b * h + row) * w + col) * c + ch;
              const yi = ((b * oh + o) * ow + p) * c + ch;
              if (direction === 'forward') acc[yi] += first[xi] / count;
              else acc[xi] += first[yi] / count;
            }
      }
  out.set(acc);
  return out;
}

/**
 * The three convolutions over one description: conv2d y[n,o,p,f] = Σ x[n, o*s+i-pt, p*s+j-pl, c]
 * w[i,j,c,f]; the backprop ops are its adjoints in x and in w.
 */
function convolve(
  kind: 'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter',
  strides: readonly [number, number],
  pads: readonly [number, number, number, number],
  first: Values,
  firstShape: number[],
  second: Values,
  secondShape: number[],
  out: Values,
  outShape: number[],
): Values {
  const [sh, sw] = strides;
  const [pt, , pl] = pads;
  // Name the three tensors x, w, y whatever the op computes.
  const xShape = kind === 'conv2d' || kind === 'conv2dBackpropFilter' ? firstShape : outShape;
  const wShape = kind === 'conv2d' || kind === 'conv2dBackpropInput' ? secondShape : outShape;
  const yShape = kind === 'conv2d' ? outShape : kind === 'conv2dBackpropInput' ? firstShape : secondShape;
  const [n, h, w, c] = xShape;
  const [kh, kw, , f] = wShape;
  const [, oh, ow] = yShape;
  const acc = new Float64Array(out.length);
  for (let b = 0; b < n; b++)
    for (let o = 0; o < oh; o++)
      for (let p = 0; p < ow; p++)
        for (let i = 0; i < kh; i++) {
          const row = o * sh + i - pt;
          if (row < 0 || row >= h) continue;
          for (let j = 0; j < kw; j++) {
            const col = p * sw + j - pl;
            if (col < 0 || col >= w) continue;
            for (let ch = 0; ch < c; ch++) {
              const xi = ((b * h + row) * w + col) * c + ch;
              for (let g = 0; g < f; g++) {
                const wi = ((i * kw + j) * c + ch) * f + g;
                const yi = ((b * oh + o) * ow + p) * f + g;
                if (kind === 'conv2d') acc[yi] += first[xi] * second[wi];
                else if (kind === 'conv2dBackpropInput') acc[xi] += first[yi] * second[wi];
                else acc[wi] += first[xi] * second[yi];
              }
            }
          }
        }
  out.set(acc);
  return out;
}
