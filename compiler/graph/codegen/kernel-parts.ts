import type { Affine, Extent } from '../../../runtime/compiled/plan.js';
import type { Fusion, Group } from '../passes/fusion.js';
import { epilogueOf } from '../passes/fusion.js';
import type { MemoryPlan } from '../passes/memory.js';
import type { KernelExpressions } from './expressions.js';

/** What every kernel template shares: its context, entry point, and epilogue with stores. */

export interface KernelContext {
  fusion: Fusion;
  memory: MemoryPlan;
  scalars: readonly string[];
  sites: readonly string[];
  maxBatch: number;
}

export const extent = (a: Affine, divisor: number, multiplier = 1): Extent => ({ ...a, divisor, multiplier });

export const LINEAR_ID = 'let wg = wid.x + wid.y * nwg.x;';
export const ENTRY = '@compute @workgroup_size(256)\nfn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) t: u32) {';

/** `let v12 = ...;` for the cores' values and everything after them, then the stores. */
export function epilogue(x: KernelExpressions, context: KernelContext, group: Group, coreValues: Map<number, string>, index: string): string[] {
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

export function indent(lines: string[], depth: number): string {
  return lines.map((l) => `${'  '.repeat(depth)}${l}`).join('\n');
}

