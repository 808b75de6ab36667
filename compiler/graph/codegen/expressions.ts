import type { Graph, Node } from '../ir.js';
import { nodeClass } from '../node-class.js';
import type { Fusion, Group } from '../passes/fusion.js';
import type { MemoryPlan } from '../passes/memory.js';
import { isBatch, strides, type Dim } from '../shape.js';
import { affineU32, decompose, f32Literal, linearize, literal, scalarRef, siteRef } from './wgsl.js';

/**
 * How a kernel obtains each value it needs, as WGSL. Values in memory become load functions
 * (`m12(i)`, a read at the value's region); values the kernel computes become pure functions
 * of a flat index (`n12(i)`), inlined by the shader compiler; the epilogue (what depends on the
 * kernel's core) becomes straight-line `let v12 = ...;` at the output element.
 */
export class KernelExpressions {
  private readonly functions = new Map<number, string>();
  private readonly loads = new Map<number, string>();
  usesPhilox = false;

  constructor(
    private readonly fusion: Fusion,
    private readonly group: Group,
    private readonly memory: MemoryPlan,
    private readonly scalars: readonly string[],
    private readonly sites: readonly string[],
    /** Members read back from memory: results of a reduction's earlier passes. */
    private readonly fromMemory: ReadonlySet<number> = new Set(),
  ) {}

  private get graph(): Graph {
    return this.fusion.graph;
  }

  /** True when the value is computed by this kernel (or from nothing), not read from memory. */
  computed(id: number): boolean {
    const node = this.graph.nodes[id];
    if (this.fromMemory.has(id)) return false;
    if (this.group.members.has(id) || nodeClass(node) === 'leaf') return true;
    if (node.op.kind === 'reshape' || node.op.kind === 'param') return this.computed(node.inputs[0]);
    return false;
  }

  /** The WGSL expression of node `id` at flat index `index` (a function call or a load). */
  at(id: number, index: string): string {
    if (this.computed(id)) {
      this.defineFunction(id);
      return `val${id}(${index})`;
    }
    this.defineLoad(id);
    return `mem${id}(${index})`;
  }

  /** Module-scope functions defined so far. */
  declarations(): string {
    return [...this.loads.values(), ...this.functions.values()].join('\n');
  }

  /** `arena[offset + index]` for a node in memory. */
  memoryAt(id: number, index: string): string {
    const node = this.graph.nodes[id];
    const location = this.memory.locate(id);
    const offset = location.offset.perBatch === 0 && location.offset.fixed === 0 ? index : `${affineU32(location.offset)} + ${index}`;
    if (location.arena === 'f32') return `F[${offset}]`;
    return node.dtype === 'u32' ? `bitcast<u32>(I[${offset}])` : `I[${offset}]`;
  }

  /** A store of `value` to node `id`'s region at `index`. */
  store(id: number, index: string, value: string): string {
    const node = this.graph.nodes[id];
    const location = this.memory.locate(id);
    const offset = location.offset.perBatch === 0 && location.offset.fixed === 0 ? index : `${affineU32(location.offset)} + ${index}`;
    if (location.arena === 'f32') return `F[${offset}] = ${value};`;
    return node.dtype === 'u32' ? `I[${offset}] = bitcast<i32>(${value});` : `I[${offset}] = ${value};`;
  }

  private defineLoad(id: number): void {
    if (this.loads.has(id)) return;
    const type = this.graph.nodes[id].dtype;
    this.loads.set(id, `fn mem${id}(i: u32) -> ${type} { return ${this.memoryAt(id, 'i')}; }`);
  }

  private defineFunction(id: number): void {
    if (this.functions.has(id)) return;
    this.functions.set(id, '');
    const node = this.graph.nodes[id];
    const body = this.body(node);
    this.functions.set(id, `fn val${id}(i: u32) -> ${node.dtype} {\n${body.map((l) => `  ${l}`).join('\n')}\n}`);
  }

  /** A pointwise op applied to WGSL operand expressions. */
  pointwise(node: Node, args: string[]): string {
    const op = node.op;
    const [a, b, c] = args;
    switch (op.kind) {
      case 'unary':
        switch (op.fn) {
          case 'identity':
            return a;
          case 'neg':
            return `(-${a})`;
          case 'exp':
          case 'log':
          case 'sqrt':
          case 'abs':
          case 'floor':
            return `${op.fn}(${a})`;
          case 'log1p':
            return `tf_log1p(${a})`;
          case 'rsqrt':
            return `inverseSqrt(${a})`;
          case 'sign':
            return `tf_sign(${a})`;
          case 'square':
            return `(${a} * ${a})`;
          case 'tanh':
            return `tf_tanh(${a})`;
          case 'sigmoid':
            return `tf_sigmoid(${a})`;
          case 'relu':
            return `max(${a}, 0.0f)`;
        }
        break;
      case 'leakyRelu':
        return `select(${a}, ${f32Literal(op.alpha)} * ${a}, ${a} < 0.0f)`;
      case 'binary':
        switch (op.fn) {
          case 'add':
            return `(${a} + ${b})`;
          case 'sub':
            return `(${a} - ${b})`;
          case 'mul':
            return `(${a} * ${b})`;
          case 'div':
            return `(${a} / ${b})`;
          case 'max':
            return `max(${a}, ${b})`;
          case 'min':
            return `min(${a}, ${b})`;
          case 'pow':
            return `tf_pow(${a}, ${b})`;
        }
        break;
      case 'compare': {
        const symbol = { greater: '>', greaterEqual: '>=', less: '<', lessEqual: '<=', equal: '==', notEqual: '!=' }[op.fn];
        return `select(0u, 1u, ${a} ${symbol} ${b})`;
      }
      case 'select':
        return `select(${c}, ${b}, ${a} != 0u)`;
      case 'clamp':
        return `clamp(${a}, ${f32Literal(op.min)}, ${f32Literal(op.max)})`;
      case 'cast':
        return `${node.dtype}(${a})`;
      case 'stopGradient':
        return a;
      default:
        break;
    }
    throw new Error(`not a pointwise op: ${op.kind}`);
  }

  private body(node: Node): string[] {
    const op = node.op;
    const input = (k: number) => this.graph.nodes[node.inputs[k]];
    const get = (k: number, index: string) => this.at(node.inputs[k], index);
    switch (op.kind) {
      case 'constant':
        return [`return ${literal(op.value, node.dtype)};`];
      case 'scalar':
        return [`return ${scalarRef(this.scalars.indexOf(op.name))};`];
      case 'count':
        return [`return f32(${affineU32(op.count)});`];
      case 'random': {
        this.usesPhilox = true;
        const site = siteRef(this.sites.indexOf(op.site));
        return [`return philox_${op.distribution}(i, ${site});`];
      }
      case 'reshape':
        return [`return ${get(0, 'i')};`];
      case 'param':
        return [`return ${get(0, `i + ${op.offset}u`)};`];
      case 'transpose': {
        const source = input(0).shape;
        const lines = decompose('i', node.shape, 'c');
        const coords = source.map((_, axis) => `c${op.perm.indexOf(axis)}`);
        return [...lines, `return ${get(0, linearize(coords, source))};`];
      }
      case 'broadcast': {
        const source = input(0).shape;
        if (source.every((d) => d === 1)) return [`return ${get(0, '0u')};`];
        const lines = decompose('i', node.shape, 'c');
        const coords = source.map((d, axis) => (d === 1 && node.shape[axis] !== 1 ? '0u' : `c${axis}`));
        return [...lines, `return ${get(0, linearize(coords, source))};`];
      }
      case 'slice': {
        const source = input(0).shape;
        const lines = decompose('i', node.shape, 'c');
        const coords = source.map((_, axis) => withOffset(`c${axis}`, op.begin[axis]));
        return [...lines, `return ${get(0, linearize(coords, source))};`];
      }
      case 'pad': {
        const source = input(0).shape;
        const lines = decompose('i', node.shape, 'c');
        const checks: string[] = [];
        const coords = source.map((d, axis) => {
          const before = op.before[axis];
          if (before === 0 && op.after[axis] === 0) return `c${axis}`;
          // Unsigned: a coordinate before the padding wraps around and fails the bound too.
          lines.push(`let s${axis} = ${withOffset(`c${axis}`, before, -1)};`);
          checks.push(`s${axis} < ${dimU32(d)}`);
          return `s${axis}`;
        });
        const zero = literal(0, node.dtype);
        return [...lines, `if (!(${checks.join(' && ')})) { return ${zero}; }`, `return ${get(0, linearize(coords, source))};`];
      }
      case 'concat': {
        const lines = decompose('i', node.shape, 'c');
        let start: string = '0u';
        const branches: string[] = [];
        node.inputs.forEach((inputId, k) => {
          const shape = this.graph.nodes[inputId].shape;
          const size = shape[op.axis];
          const end = start === '0u' ? dimU32(size) : `${start} + ${dimU32(size)}`;
          const coords = shape.map((_, axis) => (axis === op.axis ? (start === '0u' ? `c${axis}` : `(c${axis} - (${start}))`) : `c${axis}`));
          const read = `return ${this.at(inputId, linearize(coords, shape))};`;
          branches.push(k === node.inputs.length - 1 ? read : `if (c${op.axis} < ${end}) { ${read} }`);
          start = end;
        });
        return [...lines, ...branches];
      }
      case 'avgPool': {
        // Signed window bounds clipped to the image: `same` windows at the border hold fewer elements.
        const [h, w] = input(0).shape.slice(1, 3) as number[];
        const [kh, kw] = op.window;
        const load = get(0, linearize(['c0', 'u32(r)', 'u32(q)', 'c3'], input(0).shape));
        return [
          ...decompose('i', node.shape, 'c'),
          `let top = i32(c1 * ${op.strides[0]}u) - ${op.pads[0]}i;`,
          `let left = i32(c2 * ${op.strides[1]}u) - ${op.pads[2]}i;`,
          `let r0 = max(top, 0i);`,
          `let r1 = min(top + ${kh}i, ${h}i);`,
          `let q0 = max(left, 0i);`,
          `let q1 = min(left + ${kw}i, ${w}i);`,
          `var total = 0.0f;`,
          `for (var r = r0; r < r1; r = r + 1i) {`,
          `  for (var q = q0; q < q1; q = q + 1i) { total = total + ${load}; }`,
          `}`,
          `return total / f32((r1 - r0) * (q1 - q0));`,
        ];
      }
      case 'avgPoolBackprop': {
        // Input row c1 is row a (0 <= a < kh) of window o when y = c1 + pt = o * sh + a, so a steps
        // by sh from y % sh (columns alike); each window's share is divided by its element count.
        const [h, w] = node.shape.slice(1, 3) as number[];
        const [oh, ow] = input(0).shape.slice(1, 3) as number[];
        const [kh, kw] = op.window;
        const [sh, sw] = op.strides;
        const [pt, , pl] = op.pads;
        const load = get(0, linearize(['c0', 'u32(o)', 'u32(p)', 'c3'], input(0).shape));
        return [
          ...decompose('i', node.shape, 'c'),
          `let y = i32(c1) + ${pt}i;`,
          `let x = i32(c2) + ${pl}i;`,
          `var total = 0.0f;`,
          `for (var a = y % ${sh}i; a < ${kh}i && a <= y; a = a + ${sh}i) {`,
          `  let o = (y - a) / ${sh}i;`,
          `  if (o >= ${oh}i) { continue; }`,
          `  let rows = min(o * ${sh}i - ${pt}i + ${kh}i, ${h}i) - max(o * ${sh}i - ${pt}i, 0i);`,
          `  for (var b = x % ${sw}i; b < ${kw}i && b <= x; b = b + ${sw}i) {`,
          `    let p = (x - b) / ${sw}i;`,
          `    if (p >= ${ow}i) { continue; }`,
          `    let cols = min(p * ${sw}i - ${pl}i + ${kw}i, ${w}i) - max(p * ${sw}i - ${pl}i, 0i);`,
          `    total = total + ${load} / f32(rows * cols);`,
          `  }`,
          `}`,
          `return total;`,
        ];
      }
      case 'gather': {
        const table = input(0).shape;
        const row = strides(table)[0];
        const rows = table[0] as number;
        return [
          `let r = i / ${row}u;`,
          `let index = ${get(1, 'r')};`,
          // An index outside the table reads zeros, so the kernel stays in bounds (tfjs and the
          // interpreter reject such an index; the host's labels are in range).
          `if (index < 0i || index >= ${rows}i) { return ${literal(0, node.dtype)}; }`,
          `return ${get(0, `u32(index) * ${row}u + i % ${row}u`)};`,
        ];
      }
      case 'input':
      case 'state':
        return [`return ${this.memoryAt(node.id, 'i')};`];
      default:
        if (nodeClass(node) === 'pointwise') return [`return ${this.pointwise(node, node.inputs.map((_, k) => get(k, 'i')))};`];
        throw new Error(`%${node.id} ${op.kind} at ${node.site} cannot be computed inside another kernel`);
    }
  }
}

function dimU32(d: Dim): string {
  return isBatch(d) ? affineU32({ perBatch: d.batch, fixed: 0 }) : `${d}u`;
}

/** `coord + shift` (or minus), where the shift may be a batch multiple. */
function withOffset(coord: string, shift: Dim, sign = 1): string {
  if (shift === 0) return coord;
  return `${coord} ${sign > 0 ? '+' : '-'} ${dimU32(shift)}`;
}
