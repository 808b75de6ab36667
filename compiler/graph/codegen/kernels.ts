import type { Affine, Extent } from '../../../runtime/compiled/plan.js';
import type { Node } from '../ir.js';
import type { Fusion, Group } from '../passes/fusion.js';
import { epilogueOf } from '../passes/fusion.js';
import type { MemoryPlan } from '../passes/memory.js';
import { affineAt, dimAffine, elementCount, fixedProduct, type Shape } from '../shape.js';
import { KernelExpressions } from './expressions.js';
import { gemmOperands } from './gemm-operands.js';
import { MATH_HELPERS, PHILOX_HELPERS, WORKGROUP, affineU32, decompose, f32Literal, header, linearize } from './wgsl.js';

/**
 * WGSL for one group: an elementwise loop, a reduction, a tiled GEMM (matmul and the three
 * convolutions as implicit GEMMs) or a segment sum, each with the group's inlined producers
 * and its epilogue.
 */

export interface Kernel {
  wgsl: string;
  workgroupSize: number;
  workgroups: Extent;
}

export interface KernelContext {
  fusion: Fusion;
  memory: MemoryPlan;
  scalars: readonly string[];
  sites: readonly string[];
  maxBatch: number;
}

const extent = (a: Affine, divisor: number, multiplier = 1): Extent => ({ ...a, divisor, multiplier });

const LINEAR_ID = 'let wg = wid.x + wid.y * nwg.x;';
const ENTRY = '@compute @workgroup_size(256)\nfn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) t: u32) {';

export function generateKernel(context: KernelContext, group: Group): Kernel {
  const x = new KernelExpressions(context.fusion, group, context.memory, context.scalars, context.sites);
  let body: { code: string; workgroups: Extent };
  switch (group.kind) {
    case 'elementwise':
      body = elementwise(x, context, group);
      break;
    case 'reduce':
      body = reduction(x, context, group);
      break;
    case 'gemm':
      body = gemm(x, context, group);
      break;
    case 'segmentSum':
      body = segmentSum(x, context, group);
      break;
  }
  const wgsl = [
    header(context.scalars.length, context.sites.length),
    MATH_HELPERS,
    x.usesPhilox ? PHILOX_HELPERS : '',
    x.declarations(),
    '',
    body.code,
  ].join('\n');
  return { wgsl, workgroupSize: WORKGROUP, workgroups: body.workgroups };
}

/** `let v12 = ...;` for the cores' values and everything after them, then the stores. */
function epilogue(x: KernelExpressions, context: KernelContext, group: Group, coreValues: Map<number, string>, index: string): string[] {
  const graph = context.fusion.graph;
  const lets = new Set<number>(coreValues.keys());
  const lines: string[] = [];
  for (const [core, value] of coreValues) lines.push(`let v${core} = ${value};`);
  const letOf = (id: number): string | undefined => {
    const node = graph.nodes[id];
    if (lets.has(id)) return `v${id}`;
    return node.op.kind === 'reshape' ? letOf(node.inputs[0]) : undefined;
  };
  for (const m of epilogueOf(graph, group, [...coreValues.keys()])) {
    const node = graph.nodes[m];
    const args = node.inputs.map((i) => letOf(i) ?? x.at(i, index));
    lines.push(`let v${m} = ${x.pointwise(node, args)};`);
    lets.add(m);
  }
  // Every value first, then every store: a kernel that updates a slot in place (an optimizer's
  // moments) must read the old value before any of its stores replaces it.
  group.outputs.forEach((output, k) => lines.push(`let out${k} = ${letOf(output) ?? x.at(output, index)};`));
  group.outputs.forEach((output, k) => lines.push(x.store(output, index, `out${k}`)));
  return lines;
}

function indent(lines: string[], depth: number): string {
  return lines.map((l) => `${'  '.repeat(depth)}${l}`).join('\n');
}

function elementwise(x: KernelExpressions, context: KernelContext, group: Group): { code: string; workgroups: Extent } {
  const code = [
    ENTRY,
    `  ${LINEAR_ID}`,
    `  let o = wg * ${WORKGROUP}u + t;`,
    `  if (o >= ${affineU32(group.space)}) { return; }`,
    indent(epilogue(x, context, group, new Map(), 'o'), 1),
    '}',
  ].join('\n');
  return { code, workgroups: extent(group.space, WORKGROUP) };
}

// ---- reductions ----

interface ReductionCore {
  node: Node;
  input: Node;
  fn: 'sum' | 'mean' | 'max';
  reduced: Affine;
}

function reductionCore(context: KernelContext, id: number): ReductionCore {
  const node = context.fusion.graph.nodes[id];
  const input = context.fusion.graph.nodes[node.inputs[0]];
  const op = node.op as { fn: 'sum' | 'mean' | 'max'; axes: readonly number[] };
  return { node, input, fn: op.fn, reduced: elementCount(op.axes.map((a) => input.shape[a])) };
}

/** fn r12(o, r): the input element of output `o`, reduced position `r`. */
function reductionIndex(core: ReductionCore): string {
  const axes = (core.node.op as { axes: readonly number[] }).axes;
  const shape = core.input.shape;
  const kept: Shape = shape.filter((_, a) => !axes.includes(a));
  const reduced: Shape = axes.map((a) => shape[a]);
  const lines = [...decompose('o', kept, 'k'), ...decompose('r', reduced, 'q')];
  let k = 0;
  let q = 0;
  const coords = shape.map((_, a) => (axes.includes(a) ? `q${q++}` : `k${k++}`));
  return `fn r${core.node.id}(o: u32, r: u32) -> u32 {\n${indent(lines, 1)}\n  return ${linearize(coords, shape)};\n}`;
}

const initial = (fn: string) => (fn === 'max' ? f32Literal(-Infinity) : '0.0f');
const combine = (fn: string, a: string, b: string) => (fn === 'max' ? `max(${a}, ${b})` : `${a} + ${b}`);

function reduction(x: KernelExpressions, context: KernelContext, group: Group): { code: string; workgroups: Extent } {
  const cores = group.cores.map((c) => reductionCore(context, c));
  const R = cores[0].reduced;
  const O = group.space;
  const outputsMax = affineAt(O, context.maxBatch);
  const reducedMax = affineAt(R, context.maxBatch);
  const leading = cores.every((c) => (c.node.op as { axes: readonly number[] }).axes.every((a, k) => a === k));
  const read = (c: ReductionCore, o: string, r: string) =>
    x.at(c.input.id, leading ? `${r} * ${affineU32(O)} + ${o}` : `r${c.node.id}(${o}, ${r})`);
  const finish = (c: ReductionCore, value: string) => (c.fn === 'mean' ? `${value} / f32(${affineU32(R)})` : value);
  const indexFns = leading ? [] : cores.map(reductionIndex);
  const accs = cores.map((c, k) => `var a${k} = ${initial(c.fn)};`);
  const values = (get: (k: number) => string) => new Map(cores.map((c, k) => [c.node.id, finish(c, get(k))]));

  if (outputsMax <= 16 || (!leading && reducedMax >= 128)) {
    // One workgroup per output: a strided loop, then a tree in workgroup memory.
    const lines = [
      ...indexFns,
      `var<workgroup> part: array<f32, ${WORKGROUP * cores.length}>;`,
      ENTRY,
      `  ${LINEAR_ID}`,
      '  let o = wg;',
      `  if (o >= ${affineU32(O)}) { return; }`,
      indent(accs, 1),
      `  for (var r = t; r < ${affineU32(R)}; r += ${WORKGROUP}u) {`,
      indent(cores.map((c, k) => `a${k} = ${combine(c.fn, `a${k}`, read(c, 'o', 'r'))};`), 2),
      '  }',
      indent(cores.map((_, k) => `part[${k * WORKGROUP}u + t] = a${k};`), 1),
      '  workgroupBarrier();',
      `  for (var s = ${WORKGROUP / 2}u; s > 0u; s = s >> 1u) {`,
      `    if (t < s) {`,
      indent(cores.map((c, k) => `part[${k * WORKGROUP}u + t] = ${combine(c.fn, `part[${k * WORKGROUP}u + t]`, `part[${k * WORKGROUP}u + t + s]`)};`), 3),
      '    }',
      '    workgroupBarrier();',
      '  }',
      '  if (t == 0u) {',
      indent(epilogue(x, context, group, values((k) => `part[${k * WORKGROUP}u]`), 'o'), 2),
      '  }',
      '}',
    ];
    return { code: lines.join('\n'), workgroups: extent(O, 1) };
  }
  if (leading) {
    // Columns: neighbouring threads read neighbouring outputs of each row; lanes split the rows.
    const columns = outputsMax <= 2048 ? 16 : 64;
    const lanes = WORKGROUP / columns;
    const slot = (k: number, lane: string) => `part[${k * WORKGROUP}u + (${lane}) * ${columns}u + column]`;
    const lines = [
      `var<workgroup> part: array<f32, ${WORKGROUP * cores.length}>;`,
      ENTRY,
      `  ${LINEAR_ID}`,
      `  let column = t % ${columns}u;`,
      `  let lane = t / ${columns}u;`,
      `  let o = wg * ${columns}u + column;`,
      `  let inside = o < ${affineU32(O)};`,
      indent(accs, 1),
      '  if (inside) {',
      `    for (var r = lane; r < ${affineU32(R)}; r += ${lanes}u) {`,
      indent(cores.map((c, k) => `a${k} = ${combine(c.fn, `a${k}`, read(c, 'o', 'r'))};`), 3),
      '    }',
      '  }',
      indent(cores.map((_, k) => `${slot(k, 'lane')} = a${k};`), 1),
      '  workgroupBarrier();',
      `  for (var s = ${lanes / 2}u; s > 0u; s = s >> 1u) {`,
      '    if (lane < s) {',
      indent(cores.map((c, k) => `${slot(k, 'lane')} = ${combine(c.fn, slot(k, 'lane'), slot(k, 'lane + s'))};`), 3),
      '    }',
      '    workgroupBarrier();',
      '  }',
      '  if (lane == 0u && inside) {',
      indent(epilogue(x, context, group, values((k) => slot(k, '0u')), 'o'), 2),
      '  }',
      '}',
    ];
    return { code: lines.join('\n'), workgroups: extent(O, columns) };
  }
  // Many short reductions: one thread each.
  const lines = [
    ...indexFns,
    ENTRY,
    `  ${LINEAR_ID}`,
    `  let o = wg * ${WORKGROUP}u + t;`,
    `  if (o >= ${affineU32(O)}) { return; }`,
    indent(accs, 1),
    `  for (var r = 0u; r < ${affineU32(R)}; r++) {`,
    indent(cores.map((c, k) => `a${k} = ${combine(c.fn, `a${k}`, read(c, 'o', 'r'))};`), 2),
    '  }',
    indent(epilogue(x, context, group, values((k) => `a${k}`), 'o'), 1),
    '}',
  ];
  return { code: lines.join('\n'), workgroups: extent(O, WORKGROUP) };
}

// ---- contractions ----

const TILE = 64;
const TILE_K = 16;

function gemm(x: KernelExpressions, context: KernelContext, group: Group): { code: string; workgroups: Extent } {
  const core = context.fusion.graph.nodes[group.cores[0]];
  const g = gemmOperands(x, context.fusion.graph, core);
  const M = affineU32(g.M);
  const N = `${g.N}u`;
  const K = affineU32(g.K);
  const tilesN = Math.ceil(g.N / TILE);
  const loadA =
    g.aFastest === 'k'
      ? ['let kk = e % 16u;', 'let mm = e / 16u;']
      : ['let kk = e / 64u;', 'let mm = e % 64u;'];
  const loadB =
    g.bFastest === 'n'
      ? ['let kk = e / 64u;', 'let nn = e % 64u;']
      : ['let kk = e % 16u;', 'let nn = e / 16u;'];
  // Loops rather than unrolled code: drivers unroll constant trip counts themselves, and a
  // CPU Vulkan (SwiftShader) compiles the rolled form several times faster.
  const store = [
    'fn store(m: u32, n: u32, acc: f32) {',
    '  let o = m * N_COLUMNS + n;',
    indent(epilogue(x, context, group, new Map([[core.id, 'acc']]), 'o'), 1),
    '}',
  ];
  const lines = [
    `fn loadA(m: u32, k: u32) -> f32 {\n${indent(g.loadA, 1)}\n}`,
    `fn loadB(k: u32, n: u32) -> f32 {\n${indent(g.loadB, 1)}\n}`,
    `const N_COLUMNS = ${g.N}u;`,
    ...store,
    `var<workgroup> As: array<f32, ${TILE * TILE_K}>;`,
    `var<workgroup> Bs: array<f32, ${TILE * TILE_K}>;`,
    ENTRY,
    `  let M = ${M};`,
    `  let N = ${N};`,
    `  let K = ${K};`,
    `  ${LINEAR_ID}`,
    `  let tilesM = (M + 63u) / 64u;`,
    `  if (wg >= tilesM * ${tilesN}u) { return; }`,
    `  let m0 = (wg / ${tilesN}u) * 64u;`,
    `  let n0 = (wg % ${tilesN}u) * 64u;`,
    '  let tx = t % 16u;',
    '  let ty = t / 16u;',
    // Four rows of four columns per thread, as vec4 accumulators (a scalar array of 16 costs
    // SwiftShader seconds to compile and real drivers registers).
    '  var r0 = vec4<f32>();',
    '  var r1 = vec4<f32>();',
    '  var r2 = vec4<f32>();',
    '  var r3 = vec4<f32>();',
    '  for (var k0 = 0u; k0 < K; k0 += 16u) {',
    '    for (var j = 0u; j < 4u; j++) {',
    '      let e = t + j * 256u;',
    '      {',
    indent(loadA, 4),
    '        let m = m0 + mm;',
    '        let k = k0 + kk;',
    '        var v = 0.0f;',
    '        if (m < M && k < K) { v = loadA(m, k); }',
    '        As[kk * 64u + mm] = v;',
    '      }',
    '      {',
    indent(loadB, 4),
    '        let n = n0 + nn;',
    '        let k = k0 + kk;',
    '        var v = 0.0f;',
    '        if (n < N && k < K) { v = loadB(k, n); }',
    '        Bs[kk * 64u + nn] = v;',
    '      }',
    '    }',
    '    workgroupBarrier();',
    '    for (var kk = 0u; kk < 16u; kk++) {',
    '      let a = kk * 64u + ty * 4u;',
    '      let c = kk * 64u + tx * 4u;',
    '      let bv = vec4<f32>(Bs[c], Bs[c + 1u], Bs[c + 2u], Bs[c + 3u]);',
    '      r0 = fma(vec4<f32>(As[a]), bv, r0);',
    '      r1 = fma(vec4<f32>(As[a + 1u]), bv, r1);',
    '      r2 = fma(vec4<f32>(As[a + 2u]), bv, r2);',
    '      r3 = fma(vec4<f32>(As[a + 3u]), bv, r3);',
    '    }',
    '    workgroupBarrier();',
    '  }',
    '  let rows = array<vec4<f32>, 4>(r0, r1, r2, r3);',
    '  for (var i = 0u; i < 4u; i++) {',
    '    for (var j = 0u; j < 4u; j++) {',
    '      let m = m0 + ty * 4u + i;',
    '      let n = n0 + tx * 4u + j;',
    '      if (m < M && n < N) { store(m, n, rows[i][j]); }',
    '    }',
    '  }',
    '}',
  ];
  return { code: lines.join('\n'), workgroups: extent(g.M, TILE, tilesN) };
}

function segmentSum(x: KernelExpressions, context: KernelContext, group: Group): { code: string; workgroups: Extent } {
  const core = context.fusion.graph.nodes[group.cores[0]];
  const [dataId, indicesId] = core.inputs;
  const data = context.fusion.graph.nodes[dataId];
  const rows = dimAffine(data.shape[0]);
  const row = fixedProduct(data.shape, 1);
  const lines = [
    ENTRY,
    `  ${LINEAR_ID}`,
    `  let o = wg * ${WORKGROUP}u + t;`,
    `  if (o >= ${affineU32(group.space)}) { return; }`,
    `  let segment = i32(o / ${row}u);`,
    `  let column = o % ${row}u;`,
    '  var a0 = 0.0f;',
    `  for (var r = 0u; r < ${affineU32(rows)}; r++) {`,
    `    if (${x.at(indicesId, 'r')} == segment) { a0 += ${x.at(dataId, `r * ${row}u + column`)}; }`,
    '  }',
    indent(epilogue(x, context, group, new Map([[core.id, 'a0']]), 'o'), 1),
    '}',
  ];
  return { code: lines.join('\n'), workgroups: extent(group.space, WORKGROUP) };
}
