import type { CompiledPlan, PlanDim, PlanKernel, Region } from '../../runtime/compiled/plan.js';
import { generateKernel } from './codegen/kernels.js';
import { uniformLayout } from './codegen/wgsl.js';
import type { Graph } from './ir.js';
import { fuse, type Fusion, type Group } from './passes/fusion.js';
import { planMemory, type MemoryPlan } from './passes/memory.js';
import { optimize } from './passes/optimize.js';
import { describeGroup, schedule } from './passes/schedule.js';
import { elementCount, isBatch, type Shape } from './shape.js';

/**
 * Graph -> plan: simplify (DCE, CSE), fuse into kernels, schedule them, plan the arenas,
 * generate WGSL. The plan is what the WebGPU executor runs (`runtime/compiled/plan.ts`).
 */

export interface CompileOptions {
  /** The largest batch the plan will run; arenas are sized for it. */
  maxBatch: number;
  /** False gives every value its own words (for debugging: all of them readable after a step). */
  reuseMemory?: boolean;
}

export interface CompiledGraph {
  plan: CompiledPlan;
  /** The graph after simplification, as the kernels compute it. */
  graph: Graph;
  fusion: Fusion;
  /** Groups in dispatch order. */
  order: Group[];
  memory: MemoryPlan;
}

export function compileGraph(source: Graph, options: CompileOptions): CompiledGraph {
  if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) throw new Error(`maxBatch must be a positive integer, got ${options.maxBatch}`);
  const graph = optimize(source);
  const fusion = fuse(graph);
  const order = schedule(fusion);
  const memory = planMemory(fusion, order, options.maxBatch, options.reuseMemory ?? true);
  checkArenaSize(memory.arenas, options.maxBatch);
  const sites = [...new Set(graph.nodes.flatMap((n) => (n.op.kind === 'random' ? [n.op.site] : [])))];
  const context = { fusion, memory, scalars: graph.scalars, sites, maxBatch: options.maxBatch };
  const kernels: PlanKernel[] = [];
  const byText = new Map<string, number>();
  const dispatches = order.map((group) => {
    const kernel = generateKernel(context, group);
    let index = byText.get(kernel.wgsl);
    if (index === undefined) {
      index = kernels.length;
      kernels.push({ label: describeGroup(fusion, group), wgsl: kernel.wgsl, workgroupSize: kernel.workgroupSize });
      byText.set(kernel.wgsl, index);
    }
    return { kernel: index, workgroups: kernel.workgroups };
  });
  const region = (node: number): Region => {
    const location = memory.locate(node);
    return { arena: location.arena, offset: location.offset, length: elementCount(graph.nodes[node].shape) };
  };
  const plan: CompiledPlan = {
    // The runtime's PLAN_VERSION; the compiler may import only types from the runtime.
    version: 1,
    maxBatch: options.maxBatch,
    arenas: memory.arenas,
    scalars: [...graph.scalars],
    sites,
    uniforms: uniformLayout(graph.scalars.length, sites.length),
    networks: memory.networks,
    state: memory.state,
    inputs: graph.inputs.map((input) => {
      const node = graph.nodes[input.node];
      if (node.dtype === 'u32') throw new Error(`input '${input.name}': u32 inputs are not supported, use i32`);
      return { name: input.name, dtype: node.dtype, shape: planShape(node.shape), region: region(input.node) };
    }),
    outputs: graph.outputs.map((output) => ({ name: output.name, shape: planShape(graph.nodes[output.node].shape), region: region(output.node) })),
    kernels,
    dispatches,
  };
  return { plan, graph, fusion, order, memory };
}

function planShape(shape: Shape): PlanDim[] {
  return shape.map((d): PlanDim => (!isBatch(d) ? d : d.batch === 1 ? 'B' : `${d.batch}B`));
}

/** Kernels index an arena with 32-bit arithmetic: past 2^31 words an index would wrap, not fail. */
const MAX_ARENA_WORDS = 2 ** 31;

function checkArenaSize(arenas: { f32: number; i32: number }, maxBatch: number): void {
  const words = Math.max(arenas.f32, arenas.i32);
  if (words < MAX_ARENA_WORDS) return;
  const fits = Math.max(1, Math.floor((maxBatch * MAX_ARENA_WORDS) / words) - 1);
  throw new Error(
    `for batches up to ${maxBatch} one memory arena needs ${(words / 2 ** 28).toFixed(1)} GiB, more than the 8 GiB (2^31 words) its kernels can index: compile for a smaller --max-batch (about ${fits} fits)`,
  );
}
