import type { Affine, ArenaName, PlanNetwork, PlanState } from '../../../runtime/compiled/plan.js';
import type { Graph } from '../ir.js';
import { graphRoots } from '../ir.js';
import { affineAdd, affineAt, elementCount } from '../shape.js';
import type { Fusion, Group } from './fusion.js';
import { groupReads } from './fusion.js';

/**
 * Buffer planning. Every value in memory is a region of an arena: slots (weights, batch-norm
 * statistics, optimizer moments) have fixed regions for the whole run, laid out per network in
 * tfjs `model.weights` order; everything else (inputs, kernel outputs, placed concats) gets a
 * region for its lifetime in the schedule, and regions whose lifetimes do not overlap share
 * words (first fit, largest first). Sizes are taken at the maximum batch.
 */

export interface Location {
  arena: ArenaName;
  offset: Affine;
}

export interface MemoryPlan {
  arenas: { f32: number; i32: number };
  /** Where a node in memory lives; throws for a node no kernel stored. */
  locate(node: number): Location;
  networks: PlanNetwork[];
  state: PlanState[];
}

interface Storage {
  id: number;
  arena: ArenaName;
  words: number;
  /** Schedule positions, inclusive; -1 is "before the first kernel" (host writes). */
  first: number;
  last: number;
  persistent: boolean;
  offset?: number;
}

/** Words between region starts: 256 bytes, WebGPU's storage-binding offset alignment. */
const ALIGN = 64;
const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

export function planMemory(fusion: Fusion, order: Group[], maxBatch: number, reuse = true): MemoryPlan {
  const { graph, placement } = fusion;
  const storages: Storage[] = [];
  const slotStorage = new Map<string, Storage>();
  const own = new Map<number, Storage>();
  const arenaOf = (node: number): ArenaName => (graph.nodes[node].dtype === 'f32' ? 'f32' : 'i32');
  const words = (node: number) => affineAt(elementCount(graph.nodes[node].shape), maxBatch);
  const make = (arena: ArenaName, size: number, persistent: boolean): Storage => {
    const storage: Storage = { id: storages.length, arena, words: size, first: Infinity, last: -Infinity, persistent };
    storages.push(storage);
    return storage;
  };
  for (const slot of graph.slots) slotStorage.set(slot.name, make('f32', slot.shape.reduce((p, d) => p * d, 1), true));

  const resolved = new Map<number, { storage: Storage; offset: Affine }>();
  const resolve = (id: number): { storage: Storage; offset: Affine } => {
    const cached = resolved.get(id);
    if (cached) return cached;
    const node = graph.nodes[id];
    let result: { storage: Storage; offset: Affine };
    const pin = placement.pins.get(id);
    if (pin) {
      const base = pin.target.kind === 'slot' ? { storage: slotStorage.get(pin.target.slot)!, offset: { perBatch: 0, fixed: 0 } } : resolve(pin.target.node);
      result = { storage: base.storage, offset: affineAdd(base.offset, pin.offset) };
    } else if (node.op.kind === 'reshape') {
      result = resolve(node.inputs[0]);
    } else if (node.op.kind === 'param') {
      const base = resolve(node.inputs[0]);
      result = { storage: base.storage, offset: affineAdd(base.offset, { perBatch: 0, fixed: node.op.offset }) };
    } else {
      if (fusion.groupOf[id] < 0 && node.op.kind !== 'input' && !placement.placedConcats.has(id)) {
        throw new Error(`%${id} ${node.op.kind} at ${node.site} is read from memory, but no kernel stores it`);
      }
      let storage = own.get(id);
      if (!storage) {
        storage = make(arenaOf(id), words(id), false);
        own.set(id, storage);
      }
      result = { storage, offset: { perBatch: 0, fixed: 0 } };
    }
    resolved.set(id, result);
    return result;
  };

  order.forEach((group, t) => {
    for (const output of group.outputs) touch(resolve(output).storage, t);
    for (const read of groupReads(fusion, group)) touch(resolve(read).storage, t);
  });
  for (const input of graph.inputs) touch(resolve(input.node).storage, -1);
  // Outputs are read back after the last kernel.
  for (const root of graphRoots(graph)) touch(resolve(root).storage, order.length);

  const arenas = { f32: 0, i32: 0 };
  // Slots first, in tfjs weight order per network, then optimizer state.
  for (const slot of slotOrder(graph)) {
    const storage = slotStorage.get(slot)!;
    storage.offset = arenas.f32;
    arenas.f32 += storage.words;
  }
  const slotsEnd = align(arenas.f32);
  const placed: Storage[] = [];
  const temporaries = storages.filter((s) => !s.persistent && s.first <= s.last).sort((a, b) => b.words - a.words || a.id - b.id);
  for (const storage of temporaries) {
    // Without reuse every value keeps its own words: debugging reads any of them after a step.
    if (!reuse) {
      storage.first = 0;
      storage.last = order.length;
    }
    storage.offset = firstFit(storage, placed, storage.arena === 'f32' ? slotsEnd : 0);
    placed.push(storage);
  }
  for (const storage of storages) {
    if (storage.offset === undefined) continue;
    arenas[storage.arena] = Math.max(arenas[storage.arena], storage.offset + storage.words);
  }

  const locate = (id: number): Location => {
    const { storage, offset } = resolve(id);
    if (storage.offset === undefined) throw new Error(`%${id} has no region (never used?)`);
    return { arena: storage.arena, offset: affineAdd({ perBatch: 0, fixed: storage.offset }, offset) };
  };
  return { arenas, locate, ...networkLayout(graph, slotStorage) };

  function touch(storage: Storage, t: number): void {
    storage.first = Math.min(storage.first, t);
    storage.last = Math.max(storage.last, t);
  }
}

function firstFit(storage: Storage, placed: Storage[], start: number): number {
  const overlapping = placed
    .filter((p) => p.arena === storage.arena && p.first <= storage.last && storage.first <= p.last)
    .sort((a, b) => a.offset! - b.offset!);
  let offset = start;
  for (const p of overlapping) {
    if (offset + storage.words <= p.offset!) break;
    offset = Math.max(offset, align(p.offset! + p.words));
  }
  return offset;
}

function slotOrder(graph: Graph): string[] {
  const order: string[] = [];
  for (const network of graph.networks) {
    order.push(network.trainableSlot);
    for (const w of network.weights) if (!w.trainable) order.push(w.slot!);
  }
  for (const slot of graph.slots) if (!order.includes(slot.name)) order.push(slot.name);
  return order.filter((name) => graph.slots.some((s) => s.name === name));
}

function networkLayout(graph: Graph, slotStorage: Map<string, Storage>): { networks: PlanNetwork[]; state: PlanState[] } {
  const networks = graph.networks.map((network): PlanNetwork => {
    const start = slotStorage.get(network.trainableSlot)!.offset!;
    const trainable = network.weights.filter((w) => w.trainable);
    const frozen = network.weights.filter((w) => !w.trainable);
    const weights = [
      ...trainable.map((w) => ({ name: w.name, shape: [...w.shape], trainable: true, offset: w.offset! })),
      ...frozen.map((w) => ({ name: w.name, shape: [...w.shape], trainable: false, offset: slotStorage.get(w.slot!)!.offset! - start })),
    ];
    const length = weights.reduce((end, w) => Math.max(end, w.offset + w.shape.reduce((p, d) => p * d, 1)), 0);
    return { name: network.name, offset: start, length, trainableLength: network.trainableLength, weights };
  });
  const state = graph.slots
    .filter((s) => s.role === 'optimizer')
    .map((s): PlanState => ({ name: s.name, network: s.network, offset: slotStorage.get(s.name)!.offset!, length: slotStorage.get(s.name)!.words, initial: s.initial ?? 0 }));
  return { networks, state };
}

