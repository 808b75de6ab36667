import type { Affine } from '../../../runtime/compiled/plan.js';
import type { Graph, Node } from '../ir.js';
import { graphRoots } from '../ir.js';
import { consumersOf, nodeClass } from '../node-class.js';
import { affineEquals, elementCount } from '../shape.js';
import { place, type Placement } from './placement.js';

/**
 * Fusion: partitions the computed nodes into groups, one kernel each.
 *
 * A group has an index space (the element count of what it stores) and at most one kind of
 * core: a contraction (`gemm`: matmul and the three convolutions), a reduction (one or more
 * with the same geometry) or a segment sum; without a core it is `elementwise`. Its other
 * members are computed inline: those that depend on the core form the epilogue and must be
 * pointwise (bias, activation, batch-norm apply); the rest are evaluated where they are read
 * (a transpose in a matmul's operand load, a Philox draw, a broadcast).
 *
 * Nodes are assigned consumers-first: a node joins the group of its consumers when they are
 * all in one group and nothing else needs it stored, otherwise it is stored and starts a
 * group. Groups then merge while legal: a producer with its consumer over the same index space
 * (an optimizer's moments and weights, a statistic and its moving average), siblings over the
 * same space, reductions with the same geometry (all the logged means in one kernel). A merge
 * never creates a cycle, counting the order slot versions impose.
 */

export type GroupKind = 'elementwise' | 'reduce' | 'gemm' | 'segmentSum';

export interface Group {
  id: number;
  kind: GroupKind;
  cores: number[];
  /** Computed by this kernel, cores included. */
  members: Set<number>;
  /** Written to memory by this kernel. */
  outputs: number[];
  /** Element count of the index space its outputs (and its epilogue) range over. */
  space: Affine;
  /**
   * Reductions only: the cores in passes over the same rows, when a later reduction reads an
   * earlier one's result (batch norm's variance reads its mean). Each pass stores its results
   * before the next reads them; absent means one pass.
   */
  stages?: number[][];
}

/** The cores whose values the epilogue takes: the last pass's. */
export function finalCores(group: Group): number[] {
  return group.stages ? group.stages[group.stages.length - 1] : group.cores;
}

export interface Fusion {
  graph: Graph;
  placement: Placement;
  consumers: number[][];
  /** Live groups. */
  groups: Group[];
  /** Member node -> the group that stores it; -1 for memory, leaves, views, placed concats and copies. */
  groupOf: Int32Array;
  /** Cheap nodes computed again in each group that uses them, never stored. */
  copies: Set<number>;
}

function kindOfCore(node: Node): GroupKind {
  if (node.op.kind === 'reduce') return 'reduce';
  if (node.op.kind === 'segmentSum') return 'segmentSum';
  return 'gemm';
}

/** Nodes no kernel computes: memory, views, placed concats (and leaves, computed where used). */
function isFree(graph: Graph, placement: Placement, id: number): boolean {
  const kind = nodeClass(graph.nodes[id]);
  return kind === 'memory' || kind === 'view' || placement.placedConcats.has(id);
}

export function fuse(graph: Graph): Fusion {
  const consumers = consumersOf(graph);
  const placement = place(graph);
  const stored = storedNodes(graph, placement);
  const groupOf = new Int32Array(graph.nodes.length).fill(-1);
  const groups = new Map<number, Group>();
  let nextId = 0;
  const start = (node: Node, kind: GroupKind, cores: number[]) => {
    const group: Group = { id: nextId++, kind, cores, members: new Set([node.id]), outputs: [node.id], space: elementCount(node.shape) };
    groups.set(group.id, group);
    groupOf[node.id] = group.id;
  };

  const copies = new Map<number, Set<number>>();
  for (let id = graph.nodes.length - 1; id >= 0; id--) {
    const node = graph.nodes[id];
    const kind = nodeClass(node);
    if (isFree(graph, placement, id)) continue;
    const mustStore = stored.has(id);
    if (kind === 'leaf' && !mustStore) continue;
    const userGroups = new Set(effectiveUsers(graph, placement, consumers, id).flatMap((u) => (groupOf[u] >= 0 ? [groupOf[u]] : [...(copies.get(u) ?? [])])));
    const only = userGroups.size === 1 ? groups.get([...userGroups][0]) : undefined;
    if (!mustStore && userGroups.size > 1 && cheapToCopy(graph, placement, node)) {
      for (const g of userGroups) groups.get(g)!.members.add(id);
      copies.set(id, userGroups);
      continue;
    }
    if (kind === 'heavy') {
      if (!mustStore && only && only.kind === 'elementwise' && affineEquals(only.space, elementCount(node.shape)) && epilogueIsPointwise(graph, only, [id])) {
        only.kind = kindOfCore(node);
        only.cores = [id];
        only.members.add(id);
        groupOf[id] = only.id;
      } else {
        start(node, kindOfCore(node), [id]);
      }
    } else if (!mustStore && only) {
      only.members.add(id);
      groupOf[id] = only.id;
    } else {
      start(node, 'elementwise', []);
    }
  }
  const fusion: Fusion = { graph, placement, consumers, groups: [...groups.values()], groupOf, copies: new Set(copies.keys()) };
  mergeGroups(fusion);
  return fusion;
}

/**
 * One pointwise op or index remap over values already in memory (x - mean in batch norm, a
 * broadcast statistic) costs its consumers the same loads as reading it back would: computing
 * it in each of them saves a kernel and a store.
 */
function cheapToCopy(graph: Graph, placement: Placement, node: Node, depth = 2): boolean {
  const kind = nodeClass(node);
  if (depth === 0 || (kind !== 'pointwise' && kind !== 'remap')) return false;
  return node.inputs.every((i) => {
    const k = nodeClass(graph.nodes[i]);
    return k === 'memory' || k === 'leaf' || k === 'view' || k === 'heavy' || placement.placedConcats.has(i) || cheapToCopy(graph, placement, graph.nodes[i], depth - 1);
  });
}

/** Roots and pinned nodes, each resolved through reshapes to the node holding its words. */
function storedNodes(graph: Graph, placement: Placement): Set<number> {
  const out = new Set<number>();
  const add = (id: number) => {
    let node = graph.nodes[id];
    while (node.op.kind === 'reshape') node = graph.nodes[node.inputs[0]];
    if (nodeClass(node) !== 'memory' && !placement.placedConcats.has(node.id)) out.add(node.id);
  };
  for (const root of graphRoots(graph)) add(root);
  for (const id of placement.pins.keys()) add(id);
  return out;
}

/** Consumers that compute something, looking through views (free) to their consumers. */
function effectiveUsers(graph: Graph, placement: Placement, consumers: number[][], id: number): number[] {
  const out: number[] = [];
  for (const user of consumers[id]) {
    if (placement.placedConcats.has(user)) continue;
    if (nodeClass(graph.nodes[user]) === 'view') out.push(...effectiveUsers(graph, placement, consumers, user));
    else out.push(user);
  }
  return out;
}

/** The group's members (with `extraCores`) that depend on a core, in id order. */
export function epilogueOf(graph: Graph, group: Group, cores: readonly number[]): number[] {
  const depends = new Set(cores);
  const dependsOn = (id: number): boolean => {
    const node = graph.nodes[id];
    if (depends.has(id)) return true;
    return node.op.kind === 'reshape' && dependsOn(node.inputs[0]);
  };
  const members = [...group.members].sort((a, b) => a - b);
  const epilogue: number[] = [];
  for (const m of members) {
    if (depends.has(m)) continue;
    if (graph.nodes[m].inputs.some(dependsOn)) {
      depends.add(m);
      epilogue.push(m);
    }
  }
  return epilogue;
}

function epilogueIsPointwise(graph: Graph, group: Group, cores: readonly number[]): boolean {
  return epilogueOf(graph, group, cores).every((m) => nodeClass(graph.nodes[m]) === 'pointwise');
}

// ---- group dependencies ----

/** Nodes in memory that a group reads: other groups' outputs, placed concats, inputs and slot values. */
export function groupReads(fusion: Fusion, group: Group): Set<number> {
  const { graph } = fusion;
  const reads = new Set<number>();
  const visit = (id: number) => {
    if (group.members.has(id)) return;
    const node = graph.nodes[id];
    const kind = nodeClass(node);
    if (kind === 'leaf') return;
    if (kind === 'view') return visit(node.inputs[0]);
    reads.add(id);
  };
  for (const m of group.members) for (const input of graph.nodes[m].inputs) visit(input);
  return reads;
}

/** The groups that must finish before a node in memory can be read. */
function producersOf(fusion: Fusion, id: number, out: Set<number>): void {
  const { graph, placement, groupOf } = fusion;
  if (placement.placedConcats.has(id)) {
    for (const input of graph.nodes[id].inputs) producersOf(fusion, input, out);
    return;
  }
  const node = graph.nodes[id];
  if (node.op.kind === 'reshape') return producersOf(fusion, node.inputs[0], out);
  if (groupOf[id] >= 0) out.add(groupOf[id]);
}

export interface GroupEdges {
  /** group -> groups it must follow (data), by id. */
  data: Map<number, Set<number>>;
  /** group -> groups it must follow because they read a slot version it overwrites. */
  anti: Map<number, Set<number>>;
}

export function groupEdges(fusion: Fusion): GroupEdges {
  const data = new Map<number, Set<number>>();
  const anti = new Map<number, Set<number>>();
  const readers = new Map<number, number[]>();
  for (const group of fusion.groups) {
    const deps = new Set<number>();
    for (const read of groupReads(fusion, group)) {
      producersOf(fusion, read, deps);
      const list = readers.get(read);
      if (list) list.push(group.id);
      else readers.set(read, [group.id]);
    }
    deps.delete(group.id);
    data.set(group.id, deps);
    anti.set(group.id, new Set());
  }
  for (const versions of Object.values(fusion.graph.versions)) {
    for (let i = 0; i + 1 < versions.length; i++) {
      const writer = fusion.groupOf[versions[i + 1]];
      const previousWriter = fusion.groupOf[versions[i]];
      for (const reader of readers.get(versions[i]) ?? []) if (reader !== writer) anti.get(writer)!.add(reader);
      if (previousWriter >= 0 && previousWriter !== writer) anti.get(writer)!.add(previousWriter);
    }
  }
  return { data, anti };
}

/** Whether `to` can be reached from `from` following "must follow" edges backwards (to depends on from). */
function reaches(edges: GroupEdges, from: number, to: number, skipDirect: boolean): boolean {
  const stack = [to];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const g = stack.pop()!;
    for (const dep of [...edges.data.get(g)!, ...edges.anti.get(g)!]) {
      if (dep === from) {
        if (!(skipDirect && g === to)) return true;
        continue;
      }
      if (!seen.has(dep)) {
        seen.add(dep);
        stack.push(dep);
      }
    }
  }
  return false;
}

/**
 * Members evaluated at the thread's own output element: stored outputs of the group's space,
 * and pointwise members used only by such members. Everything else may be evaluated at other
 * elements (inside an operand load, behind a transpose).
 */
function identityMembers(fusion: Fusion, group: Group): Set<number> {
  const { graph, consumers } = fusion;
  const identity = new Set<number>();
  const members = [...group.members].sort((a, b) => b - a);
  const usersInGroup = (id: number): number[] =>
    consumers[id].flatMap((u) => (group.members.has(u) ? [u] : graph.nodes[u].op.kind === 'reshape' ? usersInGroup(u) : []));
  for (const m of members) {
    if (!affineEquals(elementCount(graph.nodes[m].shape), group.space)) continue;
    const users = usersInGroup(m);
    const stored = group.outputs.includes(m);
    if (!stored && users.length === 0) continue;
    if (users.every((u) => nodeClass(graph.nodes[u]) === 'pointwise' && identity.has(u))) identity.add(m);
  }
  return identity;
}

/**
 * A kernel that overwrites a slot may read the slot's previous value only element by element,
 * each thread reading what it then writes (an optimizer update, a moving average).
 */
export function slotHazard(fusion: Fusion, group: Group): string | undefined {
  const { graph } = fusion;
  let identity: Set<number> | undefined;
  for (const [slot, versions] of Object.entries(graph.versions)) {
    for (let i = 0; i + 1 < versions.length; i++) {
      if (!group.outputs.includes(versions[i + 1])) continue;
      const previous = versions[i];
      if (!groupReads(fusion, group).has(previous)) continue;
      identity ??= identityMembers(fusion, group);
      for (const user of fusion.consumers[previous]) {
        const node = graph.nodes[user];
        const inGroup = group.members.has(user) || (nodeClass(node) === 'view' && viewReadBy(fusion, group, user));
        if (!inGroup) continue;
        if (!group.members.has(user) || nodeClass(node) !== 'pointwise' || !identity.has(user)) {
          return `slot '${slot}' is overwritten by a kernel that reads its previous value at other elements (%${user} ${node.op.kind} at ${node.site})`;
        }
      }
    }
  }
  return undefined;
}

function viewReadBy(fusion: Fusion, group: Group, view: number): boolean {
  for (const user of fusion.consumers[view]) {
    if (group.members.has(user)) return true;
    if (nodeClass(fusion.graph.nodes[user]) === 'view' && viewReadBy(fusion, group, user)) return true;
  }
  return false;
}

// ---- merging ----

function canCombine(a: Group, b: Group): GroupKind | undefined {
  if (!affineEquals(a.space, b.space)) return undefined;
  if (a.kind === 'elementwise') return b.kind;
  if (b.kind === 'elementwise') return a.kind;
  if (a.kind === 'reduce' && b.kind === 'reduce') return 'reduce';
  return undefined;
}

function combined(a: Group, b: Group, kind: GroupKind): Group | undefined {
  // A reduction in passes takes elementwise work, not another reduction beside it.
  if ((a.stages && b.cores.length > 0) || (b.stages && a.cores.length > 0)) return undefined;
  const stages = a.stages ?? b.stages;
  return {
    id: a.id,
    kind,
    cores: [...a.cores, ...b.cores],
    members: new Set([...a.members, ...b.members]),
    outputs: [...a.outputs, ...b.outputs],
    space: a.space,
    ...(stages ? { stages } : {}),
  };
}

/** `first`'s passes, then `second`'s; `first`'s results are stored for the later pass to read. */
function stagedMerge(first: Group, second: Group): Group {
  const earlier = first.stages ?? [first.cores];
  const later = second.stages ?? [second.cores];
  const outputs = [...first.outputs, ...second.outputs];
  for (const core of earlier.flat()) if (!outputs.includes(core)) outputs.push(core);
  return {
    id: first.id,
    kind: 'reduce',
    cores: [...first.cores, ...second.cores],
    members: new Set([...first.members, ...second.members]),
    outputs,
    space: first.space,
    stages: [...earlier, ...later],
  };
}

/**
 * Whether `later` reads `earlier`'s results only as each output's own value: through pointwise
 * ops and reshapes to a broadcast over exactly the reduced axes (x - mean), or at the output
 * element in the epilogue. Then the workgroup (or thread) that owns an output computes both.
 */
function readsPerOutput(fusion: Fusion, earlier: Group, later: Group): boolean {
  const { graph, consumers } = fusion;
  const reduced = new Set((graph.nodes[later.cores[0]].op as { axes: readonly number[] }).axes);
  const inputShape = graph.nodes[graph.nodes[later.cores[0]].inputs[0]].shape;
  const ok = (id: number): boolean =>
    consumers[id].every((user) => {
      const node = graph.nodes[user];
      if (node.op.kind === 'reshape') return ok(user);
      if (!later.members.has(user)) return true;
      if (node.op.kind === 'broadcast') {
        const source = graph.nodes[node.inputs[0]].shape;
        return (
          node.shape.length === inputShape.length &&
          node.shape.every((d, axis) => (reduced.has(axis) ? source[axis] === 1 || d === 1 : source[axis] !== 1 || d === 1))
        );
      }
      if (nodeClass(node) === 'pointwise') return !later.cores.includes(user) && ok(user);
      return false;
    });
  return [...earlier.cores, ...epilogueOf(graph, earlier, finalCores(earlier))].every(ok);
}

/** Reductions in one kernel must share their loop: the same reduced length and layout. */
function sameReduction(fusion: Fusion, cores: number[]): boolean {
  const { graph } = fusion;
  const signature = (id: number) => {
    const node = graph.nodes[id];
    const input = graph.nodes[node.inputs[0]];
    const axes = (node.op as { axes: readonly number[] }).axes;
    const reduced = axes.map((a) => input.shape[a]);
    const trailing = axes.every((a, k) => a === k);
    return JSON.stringify([elementCount(reduced), trailing ? 'leading' : 'other']);
  };
  return cores.every((c) => signature(c) === signature(cores[0]));
}

function tryMerge(fusion: Fusion, edges: GroupEdges, a: Group, b: Group): boolean {
  const kind = canCombine(a, b);
  if (!kind) return false;
  const aFirst = edges.data.get(b.id)!.has(a.id) || edges.anti.get(b.id)!.has(a.id);
  const bFirst = edges.data.get(a.id)!.has(b.id) || edges.anti.get(a.id)!.has(b.id);
  if (aFirst && bFirst) return false;
  if (aFirst ? reaches(edges, a.id, b.id, true) : bFirst ? reaches(edges, b.id, a.id, true) : reaches(edges, a.id, b.id, false) || reaches(edges, b.id, a.id, false)) {
    return false;
  }
  // Two cores in one kernel are independent, or a reduction reads an earlier one's result per
  // output (one more pass over the same rows: batch norm's variance after its mean).
  const staged = a.cores.length > 0 && b.cores.length > 0 && (aFirst || bFirst);
  if (staged && !(kind === 'reduce' && readsPerOutput(fusion, aFirst ? a : b, aFirst ? b : a))) return false;
  const merged = staged ? stagedMerge(aFirst ? a : b, aFirst ? b : a) : combined(a, b, kind);
  if (!merged) return false;
  if (merged.cores.length > 0 && !epilogueIsPointwise(fusion.graph, merged, finalCores(merged))) return false;
  if (kind === 'reduce' && !sameReduction(fusion, merged.cores)) return false;
  if (slotHazard(fusion, merged) !== undefined) return false;
  // Anti-dependencies inside one kernel are fine only element by element (checked above); a
  // kernel that must both precede and follow another is not.
  fusion.groups = fusion.groups.filter((g) => g.id !== a.id && g.id !== b.id);
  fusion.groups.push(merged);
  for (const m of merged.members) if (!fusion.copies.has(m)) fusion.groupOf[m] = merged.id;
  return true;
}

function mergeGroups(fusion: Fusion): void {
  for (let changed = true; changed; ) {
    changed = false;
    const edges = groupEdges(fusion);
    const byId = new Map(fusion.groups.map((g) => [g.id, g]));
    // Producer with consumer first: it removes a store-and-load.
    outer: for (const consumer of [...fusion.groups].sort((x, y) => x.id - y.id)) {
      for (const producer of edges.data.get(consumer.id)!) {
        const p = byId.get(producer)!;
        if (tryMerge(fusion, edges, p, consumer)) {
          changed = true;
          break outer;
        }
      }
    }
    if (changed) continue;
    const ordered = [...fusion.groups].sort((x, y) => Math.min(...x.outputs) - Math.min(...y.outputs));
    outer2: for (let i = 0; i < ordered.length; i++) {
      for (let j = i + 1; j < ordered.length; j++) {
        if (tryMerge(fusion, edges, ordered[i], ordered[j])) {
          changed = true;
          break outer2;
        }
      }
    }
  }
}
