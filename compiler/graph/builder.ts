import type { Affine } from '../../runtime/compiled/plan.js';
import type { BinaryFn, CompareFn, ConvGeometry, DType, Graph, NetworkInfo, Node, Op, PoolGeometry, ReduceFn, SlotRole, UnaryFn } from './ir.js';
import {
  addDims,
  broadcastShapes,
  dimEquals,
  broadcastsTo,
  elementCount,
  fixedProduct,
  formatShape,
  isBatch,
  isBatched,
  shapeEquals,
  type Dim,
  type Shape,
} from './shape.js';

/** A value in the graph under construction. */
export interface Tensor {
  readonly id: number;
  readonly shape: Shape;
  readonly dtype: DType;
}

export type Operand = Tensor | number;

export interface ParamOptions {
  /** False for state a layer keeps but the optimizer does not update (batch-norm moving mean). */
  trainable?: boolean;
}

export interface MatmulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
}

export interface ConvOptions {
  strides?: number | readonly [number, number];
  /** [top, bottom, left, right]; a number pads every side. */
  pads?: number | readonly [number, number, number, number];
}

export interface PoolOptions extends ConvOptions {
  /** Window [height, width]; a number is a square window. */
  window: number | readonly [number, number];
}

interface NetworkScope {
  info: NetworkInfo;
  /** True while its first call declares its weights. */
  declaring: boolean;
  /** The flat trainable vector's `state` node, patched to its length when the first call ends. */
  stateNode?: Node;
}

/**
 * Builds a graph op by op. Layers, losses and optimizers lower themselves through it:
 *
 *     const kernel = b.param('kernel', [x.shape[1], units]);
 *     let y = b.matmul(x, kernel);
 *     if (bias) y = b.add(y, b.param('bias', [units]));
 *
 * Parameters belong to the network whose `network()` call is running, named by the scopes
 * inside it; calling the same network again reuses them (reading the slot's current value, so a
 * call after an update sees the updated weights). Binary ops broadcast with numpy rules by
 * inserting explicit `broadcast` nodes, so every elementwise node's inputs have its shape.
 */
export class GraphBuilder {
  readonly graph: Graph = { nodes: [], slots: [], networks: [], inputs: [], scalars: [], outputs: [], versions: {} };
  private readonly scopes: string[] = [];
  private network_?: NetworkScope;
  private readonly networkScopes = new Map<string, NetworkScope>();
  private readonly slotOf = new Map<number, string>();

  // ---- scopes, networks, parameters and state ----

  /** Runs `fn` with `name` appended to the scope path (layer names, step names). */
  scope<T>(name: string, fn: () => T): T {
    if (name === '' || name.includes('/')) throw new Error(`scope name ${JSON.stringify(name)} must be non-empty and contain no '/'`);
    this.scopes.push(name);
    try {
      return fn();
    } finally {
      this.scopes.pop();
    }
  }

  /** The current scope path, e.g. `D step 1/D/dense_1`. */
  get site(): string {
    return this.scopes.join('/');
  }

  /** Runs one call of network `name`; its first call declares the network's weights in order. */
  network<T>(name: string, fn: () => T): T {
    if (this.network_) throw new Error(`network '${name}' called inside network '${this.network_.info.name}' (at ${this.site})`);
    let scope = this.networkScopes.get(name);
    if (!scope) {
      const info: NetworkInfo = { name, weights: [], trainableSlot: `${name}/trainable`, trainableLength: 0, mixesBatch: false, writesState: false };
      scope = { info, declaring: true };
      this.networkScopes.set(name, scope);
      this.graph.networks.push(info);
    }
    const start = this.scopes.length;
    this.network_ = scope;
    this.scopes.push(name);
    try {
      const result = fn();
      if (scope.declaring) this.seal(scope);
      return result;
    } finally {
      this.scopes.length = start;
      this.network_ = undefined;
    }
  }

  networkInfo(name: string): NetworkInfo {
    const scope = this.networkScopes.get(name);
    if (!scope || scope.declaring) throw new Error(`network '${name}' has not been called yet, so its weights are unknown`);
    return scope.info;
  }

  /** The layer-qualified name of a weight: the scope path inside the network. */
  private weightName(name: string, scope: NetworkScope): string {
    const inside = this.scopes.slice(this.scopes.lastIndexOf(scope.info.name) + 1);
    return [...inside, name].join('/');
  }

  /**
   * A weight of the current network, `[in, out]` etc. exactly as tfjs lays it out; the first
   * call declares it, later calls return its current value. No initialiser: initial values are
   * uploaded from the tfjs model, by position.
   */
  param(name: string, shape: readonly number[], options: ParamOptions = {}): Tensor {
    const scope = this.network_;
    if (!scope) throw new Error(`param '${name}' declared outside any network (at ${this.site || 'top level'})`);
    const trainable = options.trainable ?? true;
    const full = this.weightName(name, scope);
    let weight = scope.info.weights.find((w) => w.name === full);
    if (!weight) {
      if (!scope.declaring) {
        throw new Error(`${scope.info.name}/${full}: a later call of network '${scope.info.name}' declares a weight its first call did not`);
      }
      if (shape.some((d) => !Number.isInteger(d) || d < 1)) throw new Error(`${scope.info.name}/${full}: bad weight shape ${formatShape(shape)}`);
      weight = { name: full, shape: [...shape], trainable };
      if (trainable) {
        weight.offset = scope.info.trainableLength;
        scope.info.trainableLength += fixedProduct(shape);
      } else {
        weight.slot = `${scope.info.name}/${full}`;
        this.declareSlot(weight.slot, shape, 'state', scope.info.name);
      }
      scope.info.weights.push(weight);
    } else if (weight.trainable !== trainable || !shapeEquals(weight.shape, shape)) {
      throw new Error(
        `${scope.info.name}/${full}: declared as ${weight.trainable ? 'trainable' : 'state'} ${formatShape(weight.shape)}, used as ${trainable ? 'trainable' : 'state'} ${formatShape(shape)}`,
      );
    }
    if (!trainable) return this.read(weight.slot!);
    const flat = this.trainableVector(scope);
    return this.node({ kind: 'param', name: `${scope.info.name}.${full.replace(/\//g, '.')}`, offset: weight.offset! }, [flat.id], shape, 'f32');
  }

  /** The current value of a network's flat trainable vector (what its optimizer updates). */
  trainableParams(network: string): Tensor {
    const scope = this.networkScopes.get(network);
    if (!scope || scope.declaring) throw new Error(`network '${network}' has no declared weights yet`);
    return this.read(scope.info.trainableSlot);
  }

  private trainableVector(scope: NetworkScope): Tensor {
    const slot = scope.info.trainableSlot;
    if (scope.declaring && !scope.stateNode) {
      // Its length is known when the first call ends; `seal` patches it in.
      this.declareSlot(slot, [0], 'trainable', scope.info.name);
      scope.stateNode = this.graph.nodes[this.graph.versions[slot][0]];
    }
    return this.read(slot);
  }

  private seal(scope: NetworkScope): void {
    scope.declaring = false;
    const length = scope.info.trainableLength;
    if (!scope.stateNode) {
      this.declareSlot(scope.info.trainableSlot, [length], 'trainable', scope.info.name);
      return;
    }
    const slot = this.graph.slots.find((s) => s.name === scope.info.trainableSlot)!;
    slot.shape = [length];
    scope.stateNode.shape = [length];
  }

  /** Optimizer state of a network (moments, beta powers), every word starting at `initial`. */
  optimizerSlot(network: string, name: string, shape: readonly number[], initial: number): Tensor {
    const slot = `${network}/${name}`;
    if (!this.graph.versions[slot]) this.declareSlot(slot, shape, 'optimizer', network, initial);
    return this.read(slot);
  }

  private declareSlot(name: string, shape: readonly number[], role: SlotRole, network: string, initial?: number): void {
    if (this.graph.versions[name]) throw new Error(`slot '${name}' declared twice`);
    this.graph.slots.push({ name, shape: [...shape], role, network, ...(initial === undefined ? {} : { initial }) });
    const node = this.addNode({ kind: 'state', slot: name }, [], shape, 'f32');
    this.graph.versions[name] = [node.id];
    this.slotOf.set(node.id, name);
  }

  /** The slot's current value. */
  read(slot: string): Tensor {
    const versions = this.graph.versions[slot];
    if (!versions) throw new Error(`no slot named '${slot}' (at ${this.site})`);
    return this.graph.nodes[versions[versions.length - 1]];
  }

  /** Makes `value` the slot's new current value (and, if last, its value after the iteration). */
  write(slot: string, value: Tensor): void {
    const current = this.read(slot);
    if (!shapeEquals(current.shape, value.shape) || value.dtype !== current.dtype) {
      throw new Error(`write to '${slot}' at ${this.site}: slot is ${current.dtype}${formatShape(current.shape)}, value is ${value.dtype}${formatShape(value.shape)}`);
    }
    // Each version is stored in the slot's own buffer, so it must be a node of its own.
    const node = this.graph.nodes[value.id];
    const owned = this.slotOf.has(value.id) || ['state', 'input', 'param', 'reshape', 'constant', 'scalar', 'count', 'random', 'broadcast'].includes(node.op.kind);
    const stored = owned ? this.unary('identity', value) : value;
    this.graph.versions[slot].push(stored.id);
    this.slotOf.set(stored.id, slot);
  }

  /** For a non-trainable weight returned by `param`: its new value (batch-norm moving statistics). */
  assign(weight: Tensor, value: Tensor): void {
    const slot = this.slotOf.get(weight.id);
    if (slot === undefined) throw new Error(`assign at ${this.site}: the target is not a state weight`);
    if (this.read(slot).id !== weight.id) throw new Error(`assign at ${this.site}: '${slot}' has changed since this value was read`);
    if (this.network_) this.network_.info.writesState = true;
    this.write(slot, value);
  }

  // ---- leaves ----

  input(name: string, shape: Shape, dtype: DType = 'f32'): Tensor {
    if (this.graph.inputs.some((i) => i.name === name)) throw new Error(`input '${name}' declared twice`);
    const node = this.node({ kind: 'input', name }, [], shape, dtype);
    this.graph.inputs.push({ name, node: node.id });
    return node;
  }

  /** A run-time scalar the host sets per iteration (learning rates). */
  scalar(name: string): Tensor {
    if (!this.graph.scalars.includes(name)) this.graph.scalars.push(name);
    return this.node({ kind: 'scalar', name }, [], [], 'f32');
  }

  constant(value: number, dtype: DType = 'f32'): Tensor {
    if (dtype !== 'f32' && !Number.isInteger(value)) throw new Error(`${dtype} constant ${value} is not an integer`);
    return this.node({ kind: 'constant', value: dtype === 'f32' ? Math.fround(value) : value }, [], [], dtype);
  }

  /** perBatch * B + fixed as an f32 scalar. */
  count(count: Affine): Tensor {
    return this.node({ kind: 'count', count: { ...count } }, [], [], 'f32');
  }

  /** The element count of a shape as an f32 scalar (B-dependent when batched). */
  sizeOf(shape: Shape): Tensor {
    return this.count(elementCount(shape));
  }

  /** Counter-based draws; the site names the stream (`latent`, `gp/alpha`, `D/dropout_3/call_1`). */
  random(distribution: 'uniform' | 'normal', shape: Shape, site: string): Tensor {
    if (site === '') throw new Error(`random at ${this.site}: a site name is required`);
    return this.node({ kind: 'random', distribution, site }, [], shape, 'f32');
  }

  output(name: string, value: Tensor): void {
    if (this.graph.outputs.some((o) => o.name === name)) throw new Error(`output '${name}' declared twice`);
    this.graph.outputs.push({ name, node: value.id });
  }

  // ---- elementwise ----

  unary(fn: UnaryFn, x: Tensor): Tensor {
    this.expectFloat(x, fn);
    return this.node({ kind: 'unary', fn }, [x.id], x.shape, 'f32');
  }

  neg = (x: Tensor) => this.unary('neg', x);
  exp = (x: Tensor) => this.unary('exp', x);
  log = (x: Tensor) => this.unary('log', x);
  log1p = (x: Tensor) => this.unary('log1p', x);
  sqrt = (x: Tensor) => this.unary('sqrt', x);
  rsqrt = (x: Tensor) => this.unary('rsqrt', x);
  abs = (x: Tensor) => this.unary('abs', x);
  sign = (x: Tensor) => this.unary('sign', x);
  square = (x: Tensor) => this.unary('square', x);
  tanh = (x: Tensor) => this.unary('tanh', x);
  sigmoid = (x: Tensor) => this.unary('sigmoid', x);
  relu = (x: Tensor) => this.unary('relu', x);
  floor = (x: Tensor) => this.unary('floor', x);

  leakyRelu(x: Tensor, alpha: number): Tensor {
    this.expectFloat(x, 'leakyRelu');
    return this.node({ kind: 'leakyRelu', alpha: Math.fround(alpha) }, [x.id], x.shape, 'f32');
  }

  binary(fn: BinaryFn, a: Operand, b: Operand): Tensor {
    const [x, y] = this.broadcastPair(a, b, fn);
    this.expectFloat(x, fn);
    this.expectFloat(y, fn);
    return this.node({ kind: 'binary', fn }, [x.id, y.id], x.shape, 'f32');
  }

  add = (a: Operand, b: Operand) => this.binary('add', a, b);
  sub = (a: Operand, b: Operand) => this.binary('sub', a, b);
  mul = (a: Operand, b: Operand) => this.binary('mul', a, b);
  div = (a: Operand, b: Operand) => this.binary('div', a, b);
  maximum = (a: Operand, b: Operand) => this.binary('max', a, b);
  minimum = (a: Operand, b: Operand) => this.binary('min', a, b);
  pow = (a: Operand, b: Operand) => this.binary('pow', a, b);

  compare(fn: CompareFn, a: Operand, b: Operand): Tensor {
    const [x, y] = this.broadcastPair(a, b, fn);
    if (x.dtype !== y.dtype) throw new Error(`${fn} at ${this.site}: compares ${x.dtype} with ${y.dtype}`);
    return this.node({ kind: 'compare', fn }, [x.id, y.id], x.shape, 'u32');
  }

  greater = (a: Operand, b: Operand) => this.compare('greater', a, b);
  greaterEqual = (a: Operand, b: Operand) => this.compare('greaterEqual', a, b);
  less = (a: Operand, b: Operand) => this.compare('less', a, b);
  lessEqual = (a: Operand, b: Operand) => this.compare('lessEqual', a, b);
  equal = (a: Operand, b: Operand) => this.compare('equal', a, b);

  /** where(condition, a, b), condition a u32 flag; all three broadcast together. */
  select(condition: Tensor, a: Operand, b: Operand): Tensor {
    if (condition.dtype !== 'u32') throw new Error(`select at ${this.site}: the condition must be u32 (a comparison), got ${condition.dtype}`);
    const [x, y] = this.broadcastPair(a, b, 'select');
    const shape = broadcastShapes(condition.shape, x.shape, `select at ${this.site}`);
    const c = this.broadcastTo(condition, shape);
    const t = this.broadcastTo(x, shape);
    const f = this.broadcastTo(y, shape);
    if (t.dtype !== f.dtype) throw new Error(`select at ${this.site}: branches are ${t.dtype} and ${f.dtype}`);
    return this.node({ kind: 'select' }, [c.id, t.id, f.id], shape, t.dtype);
  }

  clamp(x: Tensor, min: number, max: number): Tensor {
    this.expectFloat(x, 'clamp');
    if (!(min <= max)) throw new Error(`clamp at ${this.site}: min ${min} above max ${max}`);
    return this.node({ kind: 'clamp', min: Math.fround(min), max: Math.fround(max) }, [x.id], x.shape, 'f32');
  }

  cast(x: Tensor, dtype: DType): Tensor {
    if (x.dtype === dtype) return x;
    return this.node({ kind: 'cast' }, [x.id], x.shape, dtype);
  }

  stopGradient(x: Tensor): Tensor {
    return this.node({ kind: 'stopGradient' }, [x.id], x.shape, x.dtype);
  }

  // ---- reductions ----

  reduce(fn: ReduceFn, x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
    this.expectFloat(x, fn);
    const list = this.axisList(x, axes, fn);
    if (list.length === 0) return x;
    const kept = x.shape.filter((_, i) => !list.includes(i));
    if (kept.some((d, i) => i > 0 && isBatch(d))) throw new Error(`${fn} at ${this.site}: would move the batch axis`);
    if (list.includes(0) && isBatched(x.shape)) this.noteBatchMixing();
    const reduced = this.node({ kind: 'reduce', fn, axes: list }, [x.id], kept, 'f32');
    if (!keepDims) return reduced;
    return this.reshape(reduced, x.shape.map((d, i) => (list.includes(i) ? 1 : d)));
  }

  sum = (x: Tensor, axes?: number | readonly number[], keepDims = false) => this.reduce('sum', x, axes, keepDims);
  mean = (x: Tensor, axes?: number | readonly number[], keepDims = false) => this.reduce('mean', x, axes, keepDims);
  max = (x: Tensor, axes?: number | readonly number[], keepDims = false) => this.reduce('max', x, axes, keepDims);

  // ---- layout ----

  reshape(x: Tensor, shape: Shape): Tensor {
    const resolved = this.resolveReshape(x, shape);
    if (shapeEquals(resolved, x.shape)) return x;
    return this.node({ kind: 'reshape' }, [x.id], resolved, x.dtype);
  }

  transpose(x: Tensor, perm: readonly number[]): Tensor {
    const rank = x.shape.length;
    if (perm.length !== rank || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
      throw new Error(`transpose at ${this.site}: ${JSON.stringify(perm)} is not a permutation of ${rank} axes`);
    }
    if (perm.every((p, i) => p === i)) return x;
    if (isBatched(x.shape) && perm[0] !== 0) throw new Error(`transpose at ${this.site}: the batch axis must stay axis 0`);
    return this.node({ kind: 'transpose', perm: [...perm] }, [x.id], perm.map((p) => x.shape[p]), x.dtype);
  }

  /** Zero padding: `pads[i] = [before, after]` per axis. */
  pad(x: Tensor, pads: readonly (readonly [Dim, Dim])[]): Tensor {
    if (pads.length !== x.shape.length) throw new Error(`pad at ${this.site}: ${pads.length} pairs for rank ${x.shape.length}`);
    const shape = x.shape.map((d, i) => addDims(addDims(d, pads[i][0]), pads[i][1]));
    if (pads.every(([a, b]) => a === 0 && b === 0)) return x;
    return this.node({ kind: 'pad', before: pads.map((p) => p[0]), after: pads.map((p) => p[1]) }, [x.id], shape, x.dtype);
  }

  slice(x: Tensor, begin: readonly Dim[], size: readonly Dim[]): Tensor {
    if (begin.length !== x.shape.length || size.length !== x.shape.length) throw new Error(`slice at ${this.site}: rank mismatch`);
    for (let i = 0; i < begin.length; i++) {
      const end = addDims(begin[i], size[i]);
      if (!fitsWithin(end, x.shape[i])) throw new Error(`slice at ${this.site}: axis ${i} ends past ${formatShape([x.shape[i]])}`);
    }
    if (shapeEquals(size, x.shape)) return x;
    if (isBatched(x.shape) && !dimEquals(size[0], x.shape[0])) this.noteBatchMixing();
    return this.node({ kind: 'slice', begin: [...begin] }, [x.id], [...size], x.dtype);
  }

  concat(xs: readonly Tensor[], axis: number): Tensor {
    if (xs.length === 0) throw new Error(`concat at ${this.site}: nothing to join`);
    if (xs.length === 1) return xs[0];
    const first = xs[0];
    let joined: Dim = 0;
    for (const x of xs) {
      if (x.dtype !== first.dtype || x.shape.length !== first.shape.length || x.shape.some((d, i) => i !== axis && !sameDim(d, first.shape[i]))) {
        throw new Error(`concat at ${this.site}: ${formatShape(x.shape)} does not join ${formatShape(first.shape)} on axis ${axis}`);
      }
      joined = addDims(joined, x.shape[axis]);
    }
    const shape = first.shape.map((d, i) => (i === axis ? joined : d));
    if (axis === 0 && isBatched(shape)) this.noteBatchMixing();
    return this.node({ kind: 'concat', axis }, xs.map((x) => x.id), shape, first.dtype);
  }

  broadcastTo(x: Tensor, shape: Shape): Tensor {
    if (shapeEquals(x.shape, shape)) return x;
    if (!broadcastsTo(x.shape, shape)) throw new Error(`broadcast at ${this.site}: ${formatShape(x.shape)} does not broadcast to ${formatShape(shape)}`);
    const ranked = x.shape.length === shape.length ? x : this.reshape(x, [...new Array<number>(shape.length - x.shape.length).fill(1), ...x.shape]);
    if (shapeEquals(ranked.shape, shape)) return ranked;
    return this.node({ kind: 'broadcast' }, [ranked.id], shape, x.dtype);
  }

  // ---- contractions ----

  /** [M, K] x [K, N] -> [M, N], either operand transposed in place. */
  matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
    const transposeA = options.transposeA ?? false;
    const transposeB = options.transposeB ?? false;
    if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error(`matmul at ${this.site}: operands must be rank 2, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
    this.expectFloat(a, 'matmul');
    this.expectFloat(b, 'matmul');
    const [m, ka] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
    const [kb, n] = transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
    if (!sameDim(ka, kb)) throw new Error(`matmul at ${this.site}: inner sizes differ, ${formatShape(a.shape)}${transposeA ? 'ᵀ' : ''} x ${formatShape(b.shape)}${transposeB ? 'ᵀ' : ''}`);
    if (isBatch(n)) throw new Error(`matmul at ${this.site}: the batch axis cannot become the column axis`);
    if (isBatch(ka)) this.noteBatchMixing();
    return this.node({ kind: 'matmul', transposeA, transposeB }, [a.id, b.id], [m, n], 'f32');
  }

  /** NHWC convolution with a [kh, kw, in, out] filter and explicit padding. */
  conv2d(x: Tensor, filter: Tensor, options: ConvOptions = {}): Tensor {
    const geometry = convGeometry(options);
    const [n, h, w, c] = this.expectImage(x, 'conv2d');
    const [kh, kw, fin, fout] = this.expectFilter(filter, 'conv2d');
    if (fin !== c) throw new Error(`conv2d at ${this.site}: filter takes ${fin} channels, input has ${c}`);
    const oh = convOutput(h, kh, geometry.strides[0], geometry.pads[0] + geometry.pads[1]);
    const ow = convOutput(w, kw, geometry.strides[1], geometry.pads[2] + geometry.pads[3]);
    if (oh < 1 || ow < 1) throw new Error(`conv2d at ${this.site}: output ${oh}x${ow} is empty`);
    return this.node({ kind: 'conv2d', ...geometry }, [x.id, filter.id], [n, oh, ow, fout], 'f32');
  }

  /** dx of conv2d(x, filter) given dy; x's shape is `inputShape`. A transposed convolution. */
  conv2dBackpropInput(dy: Tensor, filter: Tensor, inputShape: Shape, options: ConvOptions = {}): Tensor {
    const geometry = convGeometry(options);
    const [n, oh, ow, oc] = this.expectImage(dy, 'conv2dBackpropInput');
    const [kh, kw, fin, fout] = this.expectFilter(filter, 'conv2dBackpropInput');
    const [xn, h, w, c] = inputShape as [Dim, number, number, number];
    if (inputShape.length !== 4 || !sameDim(xn, n) || c !== fin || fout !== oc) {
      throw new Error(`conv2dBackpropInput at ${this.site}: input ${formatShape(inputShape)}, dy ${formatShape(dy.shape)} and filter ${formatShape(filter.shape)} disagree`);
    }
    this.expectConvGeometry(h, w, kh, kw, oh, ow, geometry, 'conv2dBackpropInput');
    return this.node({ kind: 'conv2dBackpropInput', ...geometry }, [dy.id, filter.id], [...inputShape], 'f32');
  }

  /** dfilter of conv2d(x, filter) given dy; the filter's shape is `filterShape`. */
  conv2dBackpropFilter(x: Tensor, dy: Tensor, filterShape: readonly number[], options: ConvOptions = {}): Tensor {
    const geometry = convGeometry(options);
    const [n, h, w, c] = this.expectImage(x, 'conv2dBackpropFilter');
    const [dn, oh, ow, oc] = this.expectImage(dy, 'conv2dBackpropFilter');
    const [kh, kw, fin, fout] = filterShape;
    if (filterShape.length !== 4 || !sameDim(n, dn) || fin !== c || fout !== oc) {
      throw new Error(`conv2dBackpropFilter at ${this.site}: x ${formatShape(x.shape)}, dy ${formatShape(dy.shape)} and filter ${formatShape(filterShape)} disagree`);
    }
    this.expectConvGeometry(h, w, kh, kw, oh, ow, geometry, 'conv2dBackpropFilter');
    if (isBatch(n)) this.noteBatchMixing();
    return this.node({ kind: 'conv2dBackpropFilter', ...geometry }, [x.id, dy.id], [...filterShape], 'f32');
  }

  /** The mean of each window of x NHWC over its elements inside x (tf.avgPool; padding is not counted). */
  avgPool(x: Tensor, options: PoolOptions): Tensor {
    const geometry = poolGeometry(options, 'avgPool', this.site);
    const [n, h, w, c] = this.expectImage(x, 'avgPool');
    this.expectFloat(x, 'avgPool');
    const [kh, kw] = geometry.window;
    const oh = convOutput(h, kh, geometry.strides[0], geometry.pads[0] + geometry.pads[1]);
    const ow = convOutput(w, kw, geometry.strides[1], geometry.pads[2] + geometry.pads[3]);
    if (oh < 1 || ow < 1) throw new Error(`avgPool at ${this.site}: output ${oh}x${ow} is empty`);
    return this.node({ kind: 'avgPool', ...geometry }, [x.id], [n, oh, ow, c], 'f32');
  }

  /** dx of avgPool(x) given dy; x's shape is `inputShape`. */
  avgPoolBackprop(dy: Tensor, inputShape: Shape, options: PoolOptions): Tensor {
    const geometry = poolGeometry(options, 'avgPoolBackprop', this.site);
    const [n, oh, ow, oc] = this.expectImage(dy, 'avgPoolBackprop');
    const [xn, h, w, c] = inputShape as [Dim, number, number, number];
    if (inputShape.length !== 4 || !sameDim(xn, n) || c !== oc) {
      throw new Error(`avgPoolBackprop at ${this.site}: input ${formatShape(inputShape)} and dy ${formatShape(dy.shape)} disagree`);
    }
    this.expectConvGeometry(h, w, geometry.window[0], geometry.window[1], oh, ow, geometry, 'avgPoolBackprop');
    return this.node({ kind: 'avgPoolBackprop', ...geometry }, [dy.id], [...inputShape], 'f32');
  }

  /** Rows of `table` [V, ...] at i32 `indices` [N]: embedding lookup. */
  gather(table: Tensor, indices: Tensor): Tensor {
    if (indices.dtype !== 'i32' || indices.shape.length !== 1) throw new Error(`gather at ${this.site}: indices must be i32 [N], got ${indices.dtype}${formatShape(indices.shape)}`);
    if (table.shape.length < 1 || isBatched(table.shape)) throw new Error(`gather at ${this.site}: the table ${formatShape(table.shape)} must have a fixed first axis`);
    return this.node({ kind: 'gather' }, [table.id, indices.id], [indices.shape[0], ...table.shape.slice(1)], table.dtype);
  }

  /** Sums rows of `data` [N, ...] into `segments` rows by i32 `indices` [N] (gather's gradient). */
  segmentSum(data: Tensor, indices: Tensor, segments: number): Tensor {
    if (indices.dtype !== 'i32' || indices.shape.length !== 1 || !sameDim(indices.shape[0], data.shape[0])) {
      throw new Error(`segmentSum at ${this.site}: indices ${indices.dtype}${formatShape(indices.shape)} do not index the rows of ${formatShape(data.shape)}`);
    }
    this.expectFloat(data, 'segmentSum');
    if (isBatched(data.shape)) this.noteBatchMixing();
    return this.node({ kind: 'segmentSum', segments }, [data.id, indices.id], [segments, ...data.shape.slice(1)], 'f32');
  }

  // ---- helpers ----

  /**
   * A layer of the running network combined different examples of the batch (batch norm's
   * statistics, a sum over the batch): its outputs depend on what else is in the batch, so D
   * may not score real and fake images in one pass.
   */
  private noteBatchMixing(): void {
    if (this.network_) this.network_.info.mixesBatch = true;
  }

  /** Appends a node as is; passes and autodiff use it to copy ops. */
  node(op: Op, inputs: readonly number[], shape: Shape, dtype: DType): Tensor {
    return this.addNode(op, inputs, shape, dtype);
  }

  private addNode(op: Op, inputs: readonly number[], shape: Shape, dtype: DType): Node {
    const node: Node = { id: this.graph.nodes.length, op, inputs: [...inputs], shape: [...shape], dtype, site: this.site };
    this.graph.nodes.push(node);
    return node;
  }

  operand(x: Operand, like?: Tensor): Tensor {
    if (typeof x !== 'number') return x;
    return this.constant(x, like?.dtype === 'i32' ? 'i32' : 'f32');
  }

  private broadcastPair(a: Operand, b: Operand, what: string): [Tensor, Tensor] {
    const x = this.operand(a, typeof b === 'number' ? undefined : b);
    const y = this.operand(b, x);
    const shape = broadcastShapes(x.shape, y.shape, `${what} at ${this.site}`);
    return [this.broadcastTo(x, shape), this.broadcastTo(y, shape)];
  }

  private expectFloat(x: Tensor, what: string): void {
    if (x.dtype !== 'f32') throw new Error(`${what} at ${this.site}: needs f32, got ${x.dtype}${formatShape(x.shape)}`);
  }

  private expectImage(x: Tensor, what: string): [Dim, number, number, number] {
    if (x.shape.length !== 4 || x.shape.slice(1).some(isBatch)) throw new Error(`${what} at ${this.site}: needs NHWC [batch, h, w, c], got ${formatShape(x.shape)}`);
    return x.shape as [Dim, number, number, number];
  }

  private expectFilter(x: Tensor, what: string): [number, number, number, number] {
    if (x.shape.length !== 4 || isBatched(x.shape)) throw new Error(`${what} at ${this.site}: needs a filter [kh, kw, in, out], got ${formatShape(x.shape)}`);
    return x.shape as [number, number, number, number];
  }

  private expectConvGeometry(h: number, w: number, kh: number, kw: number, oh: number, ow: number, g: ConvGeometry, what: string): void {
    const eh = convOutput(h, kh, g.strides[0], g.pads[0] + g.pads[1]);
    const ew = convOutput(w, kw, g.strides[1], g.pads[2] + g.pads[3]);
    if (eh !== oh || ew !== ow) throw new Error(`${what} at ${this.site}: a ${h}x${w} input convolves to ${eh}x${ew}, not the ${oh}x${ow} of dy`);
  }

  private axisList(x: Tensor, axes: number | readonly number[] | undefined, what: string): number[] {
    const rank = x.shape.length;
    const list = axes === undefined ? x.shape.map((_, i) => i) : typeof axes === 'number' ? [axes] : [...axes];
    const normalized = list.map((a) => (a < 0 ? a + rank : a));
    if (normalized.some((a) => a < 0 || a >= rank) || new Set(normalized).size !== normalized.length) {
      throw new Error(`${what} at ${this.site}: bad axes ${JSON.stringify(axes)} for rank ${rank}`);
    }
    return normalized.sort((a, b) => a - b);
  }

  private resolveReshape(x: Tensor, shape: Shape): Shape {
    const count = elementCount(x.shape);
    const unknown = shape.filter((d) => d === -1).length;
    if (unknown > 1) throw new Error(`reshape at ${this.site}: more than one -1 in ${formatShape(shape)}`);
    if (shape.some((d, i) => isBatch(d) && i > 0)) throw new Error(`reshape at ${this.site}: a batch axis may only be axis 0`);
    const batch = isBatch(shape[0] ?? 1) ? (shape[0] as { batch: number }).batch : 0;
    const known = shape.reduce<number>((p, d) => (isBatch(d) || d === -1 ? p : p * d), 1);
    let resolved = [...shape];
    if (unknown === 1) {
      const total = batch > 0 ? count.perBatch / batch : count.fixed;
      if ((batch > 0) !== (count.perBatch > 0) || total % known !== 0) throw new Error(`reshape at ${this.site}: ${formatShape(x.shape)} does not fit ${formatShape(shape)}`);
      resolved = shape.map((d) => (d === -1 ? total / known : d));
    }
    const target = elementCount(resolved);
    if (target.perBatch !== count.perBatch || target.fixed !== count.fixed) {
      throw new Error(`reshape at ${this.site}: ${formatShape(x.shape)} has a different element count than ${formatShape(resolved)}`);
    }
    return resolved;
  }
}

function sameDim(a: Dim, b: Dim): boolean {
  return isBatch(a) ? isBatch(b) && a.batch === b.batch : a === b;
}

function fitsWithin(end: Dim, size: Dim): boolean {
  if (isBatch(end) || isBatch(size)) return isBatch(end) && isBatch(size) ? end.batch <= size.batch : !isBatch(end) && end <= 0;
  return end <= size;
}

function convOutput(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + padding - kernel) / stride) + 1;
}

function convGeometry(options: ConvOptions): ConvGeometry {
  const s = options.strides ?? 1;
  const p = options.pads ?? 0;
  const strides: [number, number] = typeof s === 'number' ? [s, s] : [s[0], s[1]];
  const pads: [number, number, number, number] = typeof p === 'number' ? [p, p, p, p] : [p[0], p[1], p[2], p[3]];
  if (strides.some((v) => !Number.isInteger(v) || v < 1) || pads.some((v) => !Number.isInteger(v) || v < 0)) {
    throw new Error(`bad convolution geometry: strides ${JSON.stringify(strides)}, pads ${JSON.stringify(pads)}`);
  }
  return { strides, pads };
}

function poolGeometry(options: PoolOptions, what: string, site: string): PoolGeometry {
  const geometry = convGeometry(options);
  const k = options.window;
  const window: [number, number] = typeof k === 'number' ? [k, k] : [k[0], k[1]];
  const [kh, kw] = window;
  const [pt, pb, pl, pr] = geometry.pads;
  if (window.some((v) => !Number.isInteger(v) || v < 1) || Math.max(pt, pb) >= kh || Math.max(pl, pr) >= kw) {
    // A pad as large as the window would leave a window with nothing to average.
    throw new Error(`${what} at ${site}: bad pooling geometry: window ${JSON.stringify(window)}, pads ${JSON.stringify(geometry.pads)} (each pad must be smaller than its window side)`);
  }
  return { ...geometry, window };
}
