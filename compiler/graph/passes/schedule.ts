import type { Fusion, Group } from './fusion.js';
import { groupEdges, slotHazard } from './fusion.js';

/**
 * The order of the kernels in one iteration: a topological order of the groups under data
 * dependencies and the order slot versions impose (every reader of a weight's old value runs
 * before the kernel that overwrites it in place). Ties go to the group built first, which keeps
 * the builder's order (D steps, then G's step) and short lifetimes.
 */
export function schedule(fusion: Fusion): Group[] {
  for (const group of fusion.groups) {
    const hazard = slotHazard(fusion, group);
    if (hazard) throw new Error(`cannot schedule the step: ${hazard}`);
  }
  const edges = groupEdges(fusion);
  const waiting = new Map<number, number>();
  const followers = new Map<number, number[]>();
  for (const group of fusion.groups) {
    const deps = new Set([...edges.data.get(group.id)!, ...edges.anti.get(group.id)!]);
    waiting.set(group.id, deps.size);
    for (const dep of deps) {
      const list = followers.get(dep);
      if (list) list.push(group.id);
      else followers.set(dep, [group.id]);
    }
  }
  const byId = new Map(fusion.groups.map((g) => [g.id, g]));
  const priority = (g: Group) => Math.min(...g.outputs);
  const ready = fusion.groups.filter((g) => waiting.get(g.id) === 0);
  const order: Group[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => priority(b) - priority(a));
    const next = ready.pop()!;
    order.push(next);
    for (const follower of followers.get(next.id) ?? []) {
      const left = waiting.get(follower)! - 1;
      waiting.set(follower, left);
      if (left === 0) ready.push(byId.get(follower)!);
    }
  }
  if (order.length !== fusion.groups.length) {
    const stuck = fusion.groups.filter((g) => !order.includes(g)).map((g) => describeGroup(fusion, g));
    throw new Error(
      `cannot schedule the step: kernels wait on each other (a slot read both before and after it is overwritten?): ${stuck.slice(0, 4).join('; ')}`,
    );
  }
  return order;
}

export function describeGroup(fusion: Fusion, group: Group): string {
  const node = fusion.graph.nodes[group.cores[0] ?? group.outputs[0]];
  const what = group.cores.length > 0 ? group.cores.map((c) => fusion.graph.nodes[c].op.kind).join('+') : node.op.kind;
  return `${group.kind} ${what} at ${node.site || 'top level'}`;
}
