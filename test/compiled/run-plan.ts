import { compileGraph, type CompiledGraph } from '../../compiler/graph/compile.js';
import type { Graph } from '../../compiler/graph/ir.js';
import type { Values } from '../../compiler/graph/interpret.js';
import { CompiledStepExecutor } from '../../runtime/compiled/executor.js';
import { testDevice } from './gpu.js';

export interface GpuRun {
  compiled: CompiledGraph;
  executor: CompiledStepExecutor;
  /** Runs one iteration and reads the outputs back. */
  run(batch: number, inputs: Record<string, Values>, options?: { iteration?: number; seed?: number; scalars?: Record<string, number> }): Promise<Record<string, Float32Array | Int32Array>>;
}

/** Compiles a graph and makes its executor on the test device. */
export async function gpuRun(graph: Graph, maxBatch: number): Promise<GpuRun> {
  const compiled = compileGraph(graph, { maxBatch });
  const executor = await CompiledStepExecutor.create(compiled.plan, await testDevice());
  return {
    compiled,
    executor,
    async run(batch, inputs, options = {}) {
      const typed: Record<string, Float32Array | Int32Array> = {};
      for (const input of compiled.plan.inputs) {
        const value = inputs[input.name];
        typed[input.name] = input.dtype === 'f32' ? Float32Array.from(value as ArrayLike<number>) : Int32Array.from(value as ArrayLike<number>);
      }
      executor.step({ batch, iteration: options.iteration ?? 0, seed: options.seed ?? 0, inputs: typed, scalars: options.scalars ?? {}, readOutputs: true });
      return executor.outputs();
    },
  };
}
