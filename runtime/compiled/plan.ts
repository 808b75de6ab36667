/**
 * The compiled training step as data: what `compiler/graph` produces and the WebGPU executor
 * (`executor.ts`) runs. The runtime owns this contract; the compiler imports its types only.
 * Everything is JSON-serialisable, so a plan can be written beside a generated trainer.
 *
 * Memory is two arenas of 32-bit words, one `array<f32>` and one `array<i32>` (integers and
 * u32 flags), each bound once to every kernel. Every tensor, weight, optimizer moment, input and
 * output is a region of one of them. The batch size B is a run-time value (a smaller last batch,
 * `--batch-size`): lengths, offsets and workgroup counts that depend on it are `Affine` in B,
 * and the arenas are sized for `maxBatch`.
 */

export const PLAN_VERSION = 1;

/** perBatch * B + fixed. */
export interface Affine {
  perBatch: number;
  fixed: number;
}

/** ceil((perBatch * B + fixed) / divisor) * multiplier: a workgroup count. */
export interface Extent extends Affine {
  divisor: number;
  multiplier: number;
}

export type ArenaName = 'f32' | 'i32';

export interface Region {
  arena: ArenaName;
  /** In 32-bit words from the arena's start. */
  offset: Affine;
  length: Affine;
}

/** One tensor of a network, in the order of tfjs `model.weights` (trainable ones first). */
export interface PlanWeight {
  /** Layer-qualified name, e.g. `dense_1/kernel`. */
  name: string;
  shape: number[];
  trainable: boolean;
  /** Offset in words within the network's flat buffer (`PlanNetwork.offset` onwards). */
  offset: number;
}

/** A network's weights: one flat f32 buffer, trainable weights first, then per layer its state. */
export interface PlanNetwork {
  name: string;
  /** Where the flat buffer starts in the f32 arena. */
  offset: number;
  length: number;
  /** The first `trainableLength` words are what the optimizer updates. */
  trainableLength: number;
  weights: PlanWeight[];
}

/** Optimizer moments and counters: state the step reads and writes that no tfjs model holds. */
export interface PlanState {
  name: string;
  network: string;
  offset: number;
  length: number;
  /** Every word starts at this value (Adam's beta powers start at beta, moments at 0). */
  initial: number;
}

/** An axis length: fixed, or the batch B (`'B'`) or a multiple of it (`'2B'`). */
export type PlanDim = number | 'B' | `${number}B`;

/** Data the host writes before each iteration (real images, labels). */
export interface PlanInput {
  name: string;
  dtype: 'f32' | 'i32';
  shape: PlanDim[];
  region: Region;
}

/** A logged figure or other result the host may read after an iteration. */
export interface PlanOutput {
  name: string;
  shape: PlanDim[];
  region: Region;
}

export interface PlanKernel {
  /** What the kernel computes, for profiles and errors: e.g. `gemm D/dense_1 (matmul)`. */
  label: string;
  wgsl: string;
  /** Threads per workgroup (1-D). */
  workgroupSize: number;
}

export interface PlanDispatch {
  kernel: number;
  /** Workgroups to launch; the executor folds counts above the per-dimension limit into y. */
  workgroups: Extent;
}

/**
 * The uniform block every kernel reads, which the executor writes before each iteration, in
 * 32-bit words: batch, iteration, seed mod 2^32, floor(seed / 2^32) at words 0 to 3; the f32
 * run-time scalars in `scalars` order from word `scalarsAt`; the u32 FNV-1a hashes of `sites`
 * from word `sitesAt`; `words` in all.
 */
export interface UniformLayout {
  words: number;
  scalarsAt: number;
  sitesAt: number;
}

export interface CompiledPlan {
  version: typeof PLAN_VERSION;
  maxBatch: number;
  arenas: { f32: number; i32: number };
  /** Names of the run-time scalars (learning rates) in the uniform block, in slot order. */
  scalars: string[];
  /** Philox site names in the uniform block, in slot order; the executor hashes them. */
  sites: string[];
  uniforms: UniformLayout;
  networks: PlanNetwork[];
  state: PlanState[];
  inputs: PlanInput[];
  outputs: PlanOutput[];
  kernels: PlanKernel[];
  /** One iteration, in order: all D steps and G's step. */
  dispatches: PlanDispatch[];
}

/** The value of an affine length or offset at batch size `batch`. */
export function atBatch(value: Affine, batch: number): number {
  return value.perBatch * batch + value.fixed;
}

/** Workgroups of a dispatch at batch size `batch`. */
export function extentAt(extent: Extent, batch: number): number {
  return Math.ceil(atBatch(extent, batch) / extent.divisor) * extent.multiplier;
}

/** The dispatches an iteration at batch size `batch` encodes: those with at least one workgroup. */
export function dispatchesAt(plan: CompiledPlan, batch: number): { dispatch: PlanDispatch; workgroups: number }[] {
  return plan.dispatches.flatMap((dispatch) => {
    const workgroups = extentAt(dispatch.workgroups, batch);
    return workgroups > 0 ? [{ dispatch, workgroups }] : [];
  });
}
