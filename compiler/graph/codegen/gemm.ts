import type { Extent } from '../../../runtime/compiled/plan.js';
import type { Group } from '../passes/fusion.js';
import type { KernelExpressions } from './expressions.js';
import { gemmOperands } from './gemm-operands.js';
import { ENTRY, LINEAR_ID, epilogue, extent, indent, type KernelContext } from './kernel-parts.js';
import { affineU32 } from './wgsl.js';

/**
 * The tiled GEMM template: a workgroup of 256 threads computes a TM x TN tile of C = A B,
 * staging TK-deep slices of A and B in workgroup memory (loads coalesced along whichever
 * index is contiguous, transposes and im2col gathers done in the load), each thread
 * accumulating RM rows x 4 columns as vec4s. Thin outputs (N <= 4, N <= 16: a score, an image
 * channel) get taller, narrower tiles rather than 64 columns of which one is used. A strided
 * transposed convolution runs one GEMM per output phase, each over only the taps that reach
 * that phase.
 */
interface TileShape {
  /** Columns per tile (4 per thread). */
  TN: number;
  /** Rows per thread. */
  RM: number;
  TK: number;
}

const TILES: TileShape[] = [
  { TN: 4, RM: 1, TK: 8 },
  { TN: 16, RM: 2, TK: 16 },
  { TN: 64, RM: 4, TK: 16 },
];

function tileFor(n: number): TileShape {
  return TILES.find((t) => n <= t.TN) ?? TILES[TILES.length - 1];
}

export function gemm(x: KernelExpressions, context: KernelContext, group: Group): { code: string; workgroups: Extent } {
  const core = context.fusion.graph.nodes[group.cores[0]];
  const g = gemmOperands(x, context.fusion.graph, core);
  const { TN, RM, TK } = tileFor(g.N);
  const threadColumns = TN / 4;
  const threadRows = 256 / threadColumns;
  const TM = RM * threadRows;
  const tilesN = Math.ceil(g.N / TN);
  const loadA = g.aFastest === 'k' ? [`let kk = e % ${TK}u;`, `let mm = e / ${TK}u;`] : [`let kk = e / ${TM}u;`, `let mm = e % ${TM}u;`];
  const loadB = g.bFastest === 'n' ? [`let kk = e / ${TN}u;`, `let nn = e % ${TN}u;`] : [`let kk = e % ${TK}u;`, `let nn = e / ${TK}u;`];
  const accumulators = Array.from({ length: RM }, (_, i) => `r${i}`);
  const lines = [
    `fn loadA(m: u32, k: u32, phase: u32) -> f32 {\n${indent(g.loadA, 1)}\n}`,
    `fn loadB(k: u32, n: u32, phase: u32) -> f32 {\n${indent(g.loadB, 1)}\n}`,
    '// The output row of GEMM row m, or 0xffffffff where a phase has no such row.',
    `fn rowOf(m: u32, phase: u32) -> u32 {\n${indent(g.rowOf, 1)}\n}`,
    `const N_COLUMNS = ${g.N}u;`,
    'fn store(row: u32, n: u32, acc: f32) {',
    '  let o = row * N_COLUMNS + n;',
    indent(epilogue(x, context, group, new Map([[core.id, 'acc']]), 'o'), 1),
    '}',
    `var<workgroup> As: array<f32, ${TM * TK}>;`,
    `var<workgroup> Bs: array<f32, ${TN * TK}>;`,
    ENTRY,
    `  let M = ${affineU32(g.M)};`,
    `  let N = ${g.N}u;`,
    `  let K = ${affineU32(g.K)};`,
    `  ${LINEAR_ID}`,
    `  let tilesM = (M + ${TM - 1}u) / ${TM}u;`,
    `  let tiles = tilesM * ${tilesN}u;`,
    `  if (wg >= tiles * ${g.phases}u) { return; }`,
    '  let phase = wg / tiles;',
    '  let tile = wg % tiles;',
    `  let m0 = (tile / ${tilesN}u) * ${TM}u;`,
    `  let n0 = (tile % ${tilesN}u) * ${TN}u;`,
    `  let tx = t % ${threadColumns}u;`,
    `  let ty = t / ${threadColumns}u;`,
    ...accumulators.map((r) => `  var ${r} = vec4<f32>();`),
    `  for (var k0 = 0u; k0 < K; k0 += ${TK}u) {`,
    `    for (var e = t; e < ${TM * TK}u; e += 256u) {`,
    indent(loadA, 3),
    '      let m = m0 + mm;',
    '      let k = k0 + kk;',
    '      var v = 0.0f;',
    '      if (m < M && k < K) { v = loadA(m, k, phase); }',
    `      As[kk * ${TM}u + mm] = v;`,
    '    }',
    `    for (var e = t; e < ${TN * TK}u; e += 256u) {`,
    indent(loadB, 3),
    '      let n = n0 + nn;',
    '      let k = k0 + kk;',
    '      var v = 0.0f;',
    '      if (n < N && k < K) { v = loadB(k, n, phase); }',
    `      Bs[kk * ${TN}u + nn] = v;`,
    '    }',
    '    workgroupBarrier();',
    `    for (var kk = 0u; kk < ${TK}u; kk++) {`,
    `      let a = kk * ${TM}u + ty * ${RM}u;`,
    `      let c = kk * ${TN}u + tx * 4u;`,
    '      let bv = vec4<f32>(Bs[c], Bs[c + 1u], Bs[c + 2u], Bs[c + 3u]);',
    ...accumulators.map((r, i) => `      ${r} = fma(vec4<f32>(As[a${i === 0 ? '' : ` + ${i}u`}]), bv, ${r});`),
    '    }',
    '    workgroupBarrier();',
    '  }',
    `  let rows = array<vec4<f32>, ${RM}>(${accumulators.join(', ')});`,
    `  for (var i = 0u; i < ${RM}u; i++) {`,
    `    let m = m0 + ty * ${RM}u + i;`,
    '    if (m >= M) { continue; }',
    '    let row = rowOf(m, phase);',
    '    if (row == 0xffffffffu) { continue; }',
    '    for (var j = 0u; j < 4u; j++) {',
    '      let n = n0 + tx * 4u + j;',
    '      if (n < N) { store(row, n, rows[i][j]); }',
    '    }',
    '  }',
    '}',
  ];
  return { code: lines.join('\n'), workgroups: extent(g.M, TM, tilesN * g.phases) };
}
