import type { Affine, Extent } from '../../../runtime/compiled/plan.js';
import type { Node } from '../ir.js';
import type { Group } from '../passes/fusion.js';
import { affineAt, dimAffine, elementCount, fixedProduct, type Shape } from '../shape.js';
import { KernelExpressions } from './expressions.js';
import { gemm } from './gemm.js';
import { ENTRY, LINEAR_ID, epilogue, extent, indent, type KernelContext } from './kernel-parts.js';
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

export function generateKernel(context: KernelContext, group: Group): Kernel {
  // Results of a reduction's earlier passes are read back from memory by the later ones.
  const earlier = new Set(group.stages?.slice(0, -1).flat() ?? []);
  const x = new KernelExpressions(context.fusion, group, context.memory, context.scalars, context.sites, earlier);
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
  const stages = (group.stages ?? [group.cores]).map((ids) => ids.map((c) => reductionCore(context, c)));
  const all = stages.flat();
  const R = all[0].reduced;
  const O = group.space;
  const outputsMax = affineAt(O, context.maxBatch);
  const reducedMax = affineAt(R, context.maxBatch);
  const leading = all.every((c) => (c.node.op as { axes: readonly number[] }).axes.every((a, k) => a === k));
  const read = (c: ReductionCore, o: string, r: string) =>
    x.at(c.input.id, leading ? `${r} * ${affineU32(O)} + ${o}` : `r${c.node.id}(${o}, ${r})`);
  const finish = (c: ReductionCore, value: string) => (c.fn === 'mean' ? `${value} / f32(${affineU32(R)})` : value);
  const indexFns = leading ? [] : all.map(reductionIndex);
  const name = (c: ReductionCore) => `a${all.indexOf(c)}`;
  const width = Math.max(...stages.map((cores) => cores.length));
  const last = stages.length - 1;
  /** An earlier pass's results go to memory; the barrier makes them visible to the workgroup. */
  const publish = (cores: ReductionCore[], value: (c: ReductionCore, k: number) => string, writer: string, depth: number) => [
    `${'  '.repeat(depth)}if (${writer}) {`,
    indent(cores.map((c, k) => x.store(c.node.id, 'o', finish(c, value(c, k)))), depth + 1),
    `${'  '.repeat(depth)}}`,
    `${'  '.repeat(depth)}workgroupBarrier();`,
    `${'  '.repeat(depth)}storageBarrier();`,
  ];
  const finals = (value: (c: ReductionCore, k: number) => string) => new Map(stages[last].map((c, k) => [c.node.id, finish(c, value(c, k))]));

  if (outputsMax <= 16 || (!leading && reducedMax >= 128)) {
    // One workgroup per output: a strided loop, then a tree in workgroup memory.
    const slot = (k: number, at: string) => `part[${k * WORKGROUP}u + ${at}]`;
    const pass = (cores: ReductionCore[], s: number) => [
      ...cores.map((c) => `  var ${name(c)} = ${initial(c.fn)};`),
      `  for (var r = t; r < ${affineU32(R)}; r += ${WORKGROUP}u) {`,
      indent(cores.map((c) => `${name(c)} = ${combine(c.fn, name(c), read(c, 'o', 'r'))};`), 2),
      '  }',
      indent(cores.map((c, k) => `${slot(k, 't')} = ${name(c)};`), 1),
      '  workgroupBarrier();',
      `  for (var s = ${WORKGROUP / 2}u; s > 0u; s = s >> 1u) {`,
      '    if (t < s) {',
      indent(cores.map((c, k) => `${slot(k, 't')} = ${combine(c.fn, slot(k, 't'), slot(k, 't + s'))};`), 3),
      '    }',
      '    workgroupBarrier();',
      '  }',
      ...(s < last ? publish(cores, (_, k) => slot(k, '0u'), 't == 0u', 1) : []),
    ];
    const lines = [
      ...indexFns,
      `var<workgroup> part: array<f32, ${WORKGROUP * width}>;`,
      ENTRY,
      `  ${LINEAR_ID}`,
      '  let o = wg;',
      `  if (o >= ${affineU32(O)}) { return; }`,
      ...stages.flatMap(pass),
      '  if (t == 0u) {',
      indent(epilogue(x, context, group, finals((_, k) => slot(k, '0u')), 'o'), 2),
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
    const pass = (cores: ReductionCore[], s: number) => [
      ...cores.map((c) => `  var ${name(c)} = ${initial(c.fn)};`),
      '  if (inside) {',
      `    for (var r = lane; r < ${affineU32(R)}; r += ${lanes}u) {`,
      indent(cores.map((c) => `${name(c)} = ${combine(c.fn, name(c), read(c, 'o', 'r'))};`), 3),
      '    }',
      '  }',
      indent(cores.map((c, k) => `${slot(k, 'lane')} = ${name(c)};`), 1),
      '  workgroupBarrier();',
      `  for (var s = ${lanes / 2}u; s > 0u; s = s >> 1u) {`,
      '    if (lane < s) {',
      indent(cores.map((c, k) => `${slot(k, 'lane')} = ${combine(c.fn, slot(k, 'lane'), slot(k, 'lane + s'))};`), 3),
      '    }',
      '    workgroupBarrier();',
      '  }',
      ...(s < last ? publish(cores, (_, k) => slot(k, '0u'), 'lane == 0u && inside', 1) : []),
    ];
    const lines = [
      `var<workgroup> part: array<f32, ${WORKGROUP * width}>;`,
      ENTRY,
      `  ${LINEAR_ID}`,
      `  let column = t % ${columns}u;`,
      `  let lane = t / ${columns}u;`,
      `  let o = wg * ${columns}u + column;`,
      `  let inside = o < ${affineU32(O)};`,
      ...stages.flatMap(pass),
      '  if (lane == 0u && inside) {',
      indent(epilogue(x, context, group, finals((_, k) => slot(k, '0u')), 'o'), 2),
      '  }',
      '}',
    ];
    return { code: lines.join('\n'), workgroups: extent(O, columns) };
  }
  // Many short reductions: one thread each (a later pass reads the thread's own earlier writes).
  const pass = (cores: ReductionCore[], s: number) => [
    ...cores.map((c) => `  var ${name(c)} = ${initial(c.fn)};`),
    `  for (var r = 0u; r < ${affineU32(R)}; r++) {`,
    indent(cores.map((c) => `${name(c)} = ${combine(c.fn, name(c), read(c, 'o', 'r'))};`), 2),
    '  }',
    ...(s < last ? cores.map((c) => `  ${x.store(c.node.id, 'o', finish(c, name(c)))}`) : []),
  ];
  const lines = [
    ...indexFns,
    ENTRY,
    `  ${LINEAR_ID}`,
    `  let o = wg * ${WORKGROUP}u + t;`,
    `  if (o >= ${affineU32(O)}) { return; }`,
    ...stages.flatMap(pass),
    indent(epilogue(x, context, group, finals((c) => name(c)), 'o'), 1),
    '}',
  ];
  return { code: lines.join('\n'), workgroups: extent(O, WORKGROUP) };
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
