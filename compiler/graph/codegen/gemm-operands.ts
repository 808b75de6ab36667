import type { Affine } from '../../../runtime/compiled/plan.js';
import type { Graph, Node } from '../ir.js';
import { dimAffine } from '../shape.js';
import type { KernelExpressions } from './expressions.js';

/**
 * The GEMM view of a contraction: sizes M x N over K and the operand loads A(m, k), B(k, n).
 * Matmul reads its operands (transposed or not); the convolutions are implicit GEMMs whose
 * loads gather from the image (zero outside it), so nothing is copied into columns.
 */
export interface GemmOperands {
  M: Affine;
  N: number;
  K: Affine;
  /** WGSL statements returning A(m, k) and B(k, n) (with `phase` in scope). */
  loadA: string[];
  loadB: string[];
  /** Independent GEMMs in one dispatch (a strided transposed convolution's output phases). */
  phases: number;
  /** Statements returning the output row of GEMM row `m` in `phase`, or 0xffffffffu for none. */
  rowOf: string[];
  /** Which index is contiguous in memory, so tile loads can be coalesced along it. */
  aFastest: 'm' | 'k';
  bFastest: 'k' | 'n';
}

const times = (a: Affine, k: number): Affine => ({ perBatch: a.perBatch * k, fixed: a.fixed * k });

export function gemmOperands(x: KernelExpressions, graph: Graph, core: Node): GemmOperands {
  const [first, second] = core.inputs.map((i) => graph.nodes[i]);
  const op = core.op;
  if (op.kind === 'matmul') {
    const [ar, ac] = first.shape;
    const [br, bc] = second.shape;
    const M = dimAffine(op.transposeA ? ac : ar);
    const K = dimAffine(op.transposeA ? ar : ac);
    const N = (op.transposeB ? br : bc) as number;
    const kFixed = (op.transposeB ? bc : br) as number;
    return {
      M,
      N,
      K,
      phases: 1,
      rowOf: ['return m;'],
      loadA: [`return ${x.at(first.id, op.transposeA ? `k * ${ac as number}u + m` : `m * ${ac as number}u + k`)};`],
      loadB: [`return ${x.at(second.id, op.transposeB ? `n * ${kFixed}u + k` : `k * ${N}u + n`)};`],
      aFastest: op.transposeA ? 'm' : 'k',
      bFastest: op.transposeB ? 'k' : 'n',
    };
  }
  if (op.kind !== 'conv2d' && op.kind !== 'conv2dBackpropInput' && op.kind !== 'conv2dBackpropFilter') {
    throw new Error(`${op.kind} is not a contraction`);
  }
  const [sh, sw] = op.strides;
  const [pt, , pl] = op.pads;
  const image = op.kind === 'conv2dBackpropInput' ? core : first;
  const filter = op.kind === 'conv2dBackpropFilter' ? core : second;
  const gradient = op.kind === 'conv2d' ? core : op.kind === 'conv2dBackpropInput' ? first : second;
  const [, H, W, C] = image.shape as [unknown, number, number, number];
  const [KH, KW, , OC] = filter.shape as [number, number, number, number];
  const [, OH, OW] = gradient.shape as [unknown, number, number];
  const batch = dimAffine(image.shape[0]);
  // The input pixel under output (oh, ow) and kernel tap (kh, kw), or zero outside the image.
  const pixel = (source: Node, b: string, oh: string, ow: string, kh: string, kw: string, c: string) => [
    `let ih = i32(${oh} * ${sh}u + ${kh}) - ${pt}i;`,
    `let iw = i32(${ow} * ${sw}u + ${kw}) - ${pl}i;`,
    `if (ih < 0i || ih >= ${H}i || iw < 0i || iw >= ${W}i) { return 0.0f; }`,
    `return ${x.at(source.id, `((${b} * ${H}u + u32(ih)) * ${W}u + u32(iw)) * ${C}u + ${c}`)};`,
  ];
  if (op.kind === 'conv2d') {
    return {
      phases: 1,
      rowOf: ['return m;'],
      M: times(batch, OH * OW),
      N: OC,
      K: { perBatch: 0, fixed: KH * KW * C },
      loadA: [
        `let ow = m % ${OW}u;`,
        `let oh = (m / ${OW}u) % ${OH}u;`,
        `let b = m / ${OH * OW}u;`,
        `let c = k % ${C}u;`,
        `let kw = (k / ${C}u) % ${KW}u;`,
        `let kh = k / ${KW * C}u;`,
        ...pixel(first, 'b', 'oh', 'ow', 'kh', 'kw', 'c'),
      ],
      loadB: [`return ${x.at(second.id, `k * ${OC}u + n`)};`],
      aFastest: 'k',
      bFastest: 'n',
    };
  }
  if (op.kind === 'conv2dBackpropFilter') {
    return {
      phases: 1,
      rowOf: ['return m;'],
      M: { perBatch: 0, fixed: KH * KW * C },
      N: OC,
      K: times(batch, OH * OW),
      loadA: [
        `let c = m % ${C}u;`,
        `let kw = (m / ${C}u) % ${KW}u;`,
        `let kh = m / ${KW * C}u;`,
        `let ow = k % ${OW}u;`,
        `let oh = (k / ${OW}u) % ${OH}u;`,
        `let b = k / ${OH * OW}u;`,
        ...pixel(first, 'b', 'oh', 'ow', 'kh', 'kw', 'c'),
      ],
      loadB: [`return ${x.at(second.id, `k * ${OC}u + n`)};`],
      aFastest: 'm',
      bFastest: 'n',
    };
  }
  return backpropInput(x, first, second, { H, W, C, KH, KW, OC, OH, OW, sh, sw, pt, pl }, batch);
}

interface BackpropGeometry {
  H: number;
  W: number;
  C: number;
  KH: number;
  KW: number;
  OC: number;
  OH: number;
  OW: number;
  sh: number;
  sw: number;
  pt: number;
  pl: number;
}

/**
 * dx[b, ih, iw, c] = sum of dy[b, oh, ow, oc] w[kh, kw, c, oc] over taps with
 * ih + pt - kh = oh * sh (and likewise across). Output pixels of one phase (ih mod sh, iw mod
 * sw) are reached only by taps kh = (ph + pt) mod sh + sh j: the GEMM of each phase runs over
 * those taps alone, 1 / (sh sw) of the taps the plain implicit GEMM would multiply by zero.
 */
function backpropInput(x: KernelExpressions, dy: Node, filter: Node, g: BackpropGeometry, batch: Affine): GemmOperands {
  const { H, W, C, KH, KW, OC, OH, OW, sh, sw, pt, pl } = g;
  const rowsPerPhase = Math.ceil(H / sh);
  const columnsPerPhase = Math.ceil(W / sw);
  const tapsH = Math.ceil(KH / sh);
  const tapsW = Math.ceil(KW / sw);
  // The output pixel of row m in this phase, and the taps of tap index k; out of range -> none.
  const pixel = [
    `let ph = phase / ${sw}u;`,
    `let pw = phase % ${sw}u;`,
    `let jw = m % ${columnsPerPhase}u;`,
    `let jh = (m / ${columnsPerPhase}u) % ${rowsPerPhase}u;`,
    `let b = m / ${rowsPerPhase * columnsPerPhase}u;`,
    `let ih = ph + ${sh}u * jh;`,
    `let iw = pw + ${sw}u * jw;`,
  ];
  const tap = [
    `let oc = k % ${OC}u;`,
    `let kw = (pw + ${pl}u) % ${sw}u + ${sw}u * ((k / ${OC}u) % ${tapsW}u);`,
    `let kh = (ph + ${pt}u) % ${sh}u + ${sh}u * (k / ${OC * tapsW}u);`,
    `if (kh >= ${KH}u || kw >= ${KW}u) { return 0.0f; }`,
  ];
  return {
    M: times(batch, rowsPerPhase * columnsPerPhase),
    N: C,
    K: { perBatch: 0, fixed: tapsH * tapsW * OC },
    phases: sh * sw,
    rowOf: [...pixel, `if (ih >= ${H}u || iw >= ${W}u) { return 0xffffffffu; }`, `return (b * ${H}u + ih) * ${W}u + iw;`],
    loadA: [
      ...pixel,
      `if (ih >= ${H}u || iw >= ${W}u) { return 0.0f; }`,
      ...tap,
      // Exact divisions: the tap was chosen so that ih + pt - kh is a multiple of the stride.
      `let th = i32(ih) + ${pt}i - i32(kh);`,
      `let tw = i32(iw) + ${pl}i - i32(kw);`,
      `if (th < 0i || tw < 0i) { return 0.0f; }`,
      `let oh = u32(th) / ${sh}u;`,
      `let ow = u32(tw) / ${sw}u;`,
      `if (oh >= ${OH}u || ow >= ${OW}u) { return 0.0f; }`,
      `return ${x.at(dy.id, `((b * ${OH}u + oh) * ${OW}u + ow) * ${OC}u + oc`)};`,
    ],
    loadB: [
      `let ph = phase / ${sw}u;`,
      `let pw = phase % ${sw}u;`,
      ...tap,
      `return ${x.at(filter.id, `((kh * ${KW}u + kw) * ${C}u + n) * ${OC}u + oc`)};`,
    ],
    aFastest: 'k',
    bFastest: 'k',
  };
}
