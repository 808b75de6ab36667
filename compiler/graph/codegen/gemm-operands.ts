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
  /** WGSL statements returning A(m, k) and B(k, n). */
  loadA: string[];
  loadB: string[];
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
  // conv2dBackpropInput: dx[b, ih, iw, c] = sum over taps whose output (oh, ow) lands on (ih, iw).
  return {
    M: times(batch, H * W),
    N: C,
    K: { perBatch: 0, fixed: KH * KW * OC },
    loadA: [
      `let iw = m % ${W}u;`,
      `let ih = (m / ${W}u) % ${H}u;`,
      `let b = m / ${H * W}u;`,
      `let oc = k % ${OC}u;`,
      `let kw = (k / ${OC}u) % ${KW}u;`,
      `let kh = k / ${KW * OC}u;`,
      `let th = i32(ih) + ${pt}i - i32(kh);`,
      `let tw = i32(iw) + ${pl}i - i32(kw);`,
      `if (th < 0i || tw < 0i || th % ${sh}i != 0i || tw % ${sw}i != 0i) { return 0.0f; }`,
      `let oh = u32(th / ${sh}i);`,
      `let ow = u32(tw / ${sw}i);`,
      `if (oh >= ${OH}u || ow >= ${OW}u) { return 0.0f; }`,
      `return ${x.at(first.id, `((b * ${OH}u + oh) * ${OW}u + ow) * ${OC}u + oc`)};`,
    ],
    loadB: [
      `let oc = k % ${OC}u;`,
      `let kw = (k / ${OC}u) % ${KW}u;`,
      `let kh = k / ${KW * OC}u;`,
      `return ${x.at(second.id, `((kh * ${KW}u + kw) * ${C}u + n) * ${OC}u + oc`)};`,
    ],
    aFastest: 'k',
    bFastest: 'k',
  };
}
