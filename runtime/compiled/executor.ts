import { siteHash } from '../random/philox.js';
import type { DawnDevice } from './dawn.js';
import type { CompiledPlan, PlanKernel, PlanNetwork, Region } from './plan.js';
import { PLAN_VERSION, atBatch, dispatchesAt } from './plan.js';

/**
 * Runs a compiled training step on WebGPU. Buffers and pipelines are made once; each
 * iteration writes the uniform block and the host inputs, then submits ONE command buffer
 * holding every dispatch of the iteration (all D steps and G's step). Nothing is read back
 * unless asked: `step({ readOutputs: true })` adds a copy of the logged figures to that
 * command buffer and `outputs()` maps it.
 */

export interface StepOptions {
  /** Rows in this iteration's batches, at most the plan's `maxBatch`. */
  batch: number;
  /** Iteration number: the Philox counter's second word. */
  iteration: number;
  /** The run seed: the Philox key. */
  seed: number;
  /** Host data per plan input (f32 or i32), `batch` rows each. */
  inputs: Record<string, Float32Array | Int32Array>;
  /** Run-time scalars by name (learning rates). */
  scalars: Record<string, number>;
  /** Copy the plan's outputs back after this iteration. */
  readOutputs?: boolean;
  /** Keep this iteration's scalar outputs on the GPU beside the earlier kept ones (`keepFigures`), read together by `keptFigures`. */
  keepFigures?: boolean;
}

const MAX_WORKGROUPS_PER_DIMENSION = 65535;

/**
 * Per device: the one bind-group layout every kernel uses, and each kernel's pipeline by its
 * WGSL, so a second executor on the same device (a resumed run, another plan sharing kernels)
 * compiles nothing twice.
 */
interface DeviceKernels {
  layout: GPUBindGroupLayout;
  pipeline(kernel: PlanKernel, index: number): Promise<GPUComputePipeline>;
}

const kernelsByDevice = new WeakMap<GPUDevice, DeviceKernels>();

function deviceKernels(device: GPUDevice): DeviceKernels {
  const known = kernelsByDevice.get(device);
  if (known) return known;
  const layout = device.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
      { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
    ],
  });
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const pipelines = new Map<string, Promise<GPUComputePipeline>>();
  const compile = async (kernel: PlanKernel, index: number): Promise<GPUComputePipeline> => {
    device.pushErrorScope('validation');
    const module = device.createShaderModule({ label: kernel.label, code: kernel.wgsl });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0) {
      await device.popErrorScope();
      throw new Error(`kernel ${index} (${kernel.label}) does not compile: ${errors.map((e) => `${e.lineNum}:${e.linePos} ${e.message}`).join('; ')}`);
    }
    const pipeline = await device.createComputePipelineAsync({ label: kernel.label, layout: pipelineLayout, compute: { module, entryPoint: 'main' } });
    const error = await device.popErrorScope();
    if (error) throw new Error(`kernel ${index} (${kernel.label}): ${error.message}`);
    return pipeline;
  };
  const kernels: DeviceKernels = {
    layout,
    pipeline(kernel, index) {
      let pipeline = pipelines.get(kernel.wgsl);
      if (!pipeline) {
        pipeline = compile(kernel, index);
        pipelines.set(kernel.wgsl, pipeline);
        // A failed compile is not kept: the error goes to this caller, and a later one retries.
        pipeline.catch(() => pipelines.delete(kernel.wgsl));
      }
      return pipeline;
    },
  };
  kernelsByDevice.set(device, kernels);
  return kernels;
}
const WORD = 4;

export class CompiledStepExecutor {
  private readonly f32: GPUBuffer;
  private readonly i32: GPUBuffer;
  private readonly uniforms: GPUBuffer;
  private readonly bindGroup: GPUBindGroup;
  private readonly uniformWords: number;
  private readback?: { buffer: GPUBuffer; batch: number };
  private kept?: { buffer: GPUBuffer; capacity: number; count: number };
  /** Dispatches encoded by the last `step`: a count, not an estimate. */
  dispatchCount = 0;

  private constructor(
    readonly plan: CompiledPlan,
    private readonly dawn: DawnDevice,
    private readonly pipelines: GPUComputePipeline[],
    layout: GPUBindGroupLayout,
  ) {
    const device = dawn.device;
    const largest = Math.max(plan.arenas.f32, plan.arenas.i32) * WORD;
    if (largest > device.limits.maxStorageBufferBindingSize) {
      throw new Error(
        `the plan's arena needs ${(largest / 2 ** 20).toFixed(1)} MiB, above this device's ${(device.limits.maxStorageBufferBindingSize / 2 ** 20).toFixed(0)} MiB storage binding limit: compile for a smaller maxBatch`,
      );
    }
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    this.f32 = device.createBuffer({ label: 'f32 arena', size: Math.max(16, plan.arenas.f32 * WORD), usage });
    this.i32 = device.createBuffer({ label: 'i32 arena', size: Math.max(16, plan.arenas.i32 * WORD), usage });
    this.uniformWords = plan.uniforms.words;
    this.uniforms = device.createBuffer({ label: 'uniforms', size: this.uniformWords * WORD, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.bindGroup = device.createBindGroup({
      layout,
      entries: [
        { binding: 0, resource: { buffer: this.f32 } },
        { binding: 1, resource: { buffer: this.i32 } },
        { binding: 2, resource: { buffer: this.uniforms } },
      ],
    });
    for (const state of plan.state) {
      this.upload(this.f32, state.offset, new Float32Array(state.length).fill(state.initial));
    }
  }

  /** Creates buffers, compiles every kernel, and sets optimizer state to its initial values. */
  static async create(plan: CompiledPlan, dawn: DawnDevice): Promise<CompiledStepExecutor> {
    if (plan.version !== PLAN_VERSION) throw new Error(`plan version ${plan.version} is not the ${PLAN_VERSION} this runtime runs: compile the spec again`);
    const kernels = deviceKernels(dawn.device);
    const pipelines = await Promise.all(plan.kernels.map((kernel, index) => kernels.pipeline(kernel, index)));
    return new CompiledStepExecutor(plan, dawn, pipelines, kernels.layout);
  }

  private network(name: string): PlanNetwork {
    const network = this.plan.networks.find((n) => n.name === name);
    if (!network) throw new Error(`the plan has no network '${name}' (it has ${this.plan.networks.map((n) => n.name).join(', ')})`);
    return network;
  }

  /** Uploads a network's weights, in tfjs `model.weights` order (trainable first). */
  setWeights(name: string, weights: readonly Float32Array[]): void {
    const network = this.network(name);
    if (weights.length !== network.weights.length) {
      throw new Error(`network '${name}' has ${network.weights.length} weights (${network.weights.map((w) => w.name).join(', ')}), got ${weights.length} arrays`);
    }
    network.weights.forEach((w, k) => {
      const size = w.shape.reduce((p, d) => p * d, 1);
      if (weights[k].length !== size) throw new Error(`network '${name}' weight ${k} (${w.name}, [${w.shape.join(', ')}]) needs ${size} values, got ${weights[k].length}`);
      this.upload(this.f32, network.offset + w.offset, weights[k]);
    });
  }

  /** A network's weights as they are now, in tfjs `model.weights` order. */
  async getWeights(name: string): Promise<Float32Array[]> {
    const network = this.network(name);
    const words = await this.readWords(this.f32, network.offset, network.length);
    const values = new Float32Array(words.buffer);
    return network.weights.map((w) => values.slice(w.offset, w.offset + w.shape.reduce((p, d) => p * d, 1)));
  }

  /** Words of an arena as they are now (for debugging a plan). */
  async readArena(arena: 'f32' | 'i32', offset: number, length: number): Promise<Float32Array | Int32Array> {
    const words = await this.readWords(arena === 'f32' ? this.f32 : this.i32, offset, length);
    return arena === 'f32' ? new Float32Array(words.buffer) : new Int32Array(words.buffer);
  }

  /** Optimizer moments and counters, by state name (for checkpoints). */
  async getState(): Promise<Record<string, Float32Array>> {
    const out: Record<string, Float32Array> = {};
    for (const state of this.plan.state) out[state.name] = new Float32Array((await this.readWords(this.f32, state.offset, state.length)).buffer);
    return out;
  }

  /** Restores optimizer state saved by `getState` (on resume). */
  setState(values: Record<string, Float32Array>): void {
    for (const state of this.plan.state) {
      const value = values[state.name];
      if (!value) throw new Error(`no saved value for optimizer state '${state.name}'`);
      if (value.length !== state.length) throw new Error(`optimizer state '${state.name}' needs ${state.length} values, got ${value.length}`);
      this.upload(this.f32, state.offset, value);
    }
  }

  /** Encodes and submits one iteration. */
  step(options: StepOptions): void {
    const { plan } = this;
    const batch = options.batch;
    this.writeUniforms(options);
    this.writeInputs(options);
    const encoder = this.dawn.device.createCommandEncoder({ label: 'iteration' });
    const pass = encoder.beginComputePass({ label: 'iteration' });
    pass.setBindGroup(0, this.bindGroup);
    let count = 0;
    for (const { dispatch, workgroups } of dispatchesAt(plan, batch)) {
      pass.setPipeline(this.pipelines[dispatch.kernel]);
      const x = Math.min(workgroups, MAX_WORKGROUPS_PER_DIMENSION);
      pass.dispatchWorkgroups(x, Math.ceil(workgroups / x));
      count++;
    }
    pass.end();
    if (options.readOutputs) this.encodeReadback(encoder, batch);
    if (options.keepFigures) this.encodeKept(encoder, batch);
    this.dawn.device.queue.submit([encoder.finish()]);
    this.dispatchCount = count;
  }

  /**
   * One iteration with each dispatch submitted and awaited on its own, for profiles: the
   * milliseconds each kernel took (including a submit's overhead). Leaves state as `step` would.
   */
  async profileStep(options: StepOptions): Promise<{ kernel: string; ms: number }[]> {
    const { plan } = this;
    this.writeUniforms(options);
    this.writeInputs(options);
    const times: { kernel: string; ms: number }[] = [];
    for (const { dispatch, workgroups: total } of dispatchesAt(plan, options.batch)) {
      const encoder = this.dawn.device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setBindGroup(0, this.bindGroup);
      pass.setPipeline(this.pipelines[dispatch.kernel]);
      const x = Math.min(total, MAX_WORKGROUPS_PER_DIMENSION);
      pass.dispatchWorkgroups(x, Math.ceil(total / x));
      pass.end();
      const started = performance.now();
      this.dawn.device.queue.submit([encoder.finish()]);
      await this.dawn.device.queue.onSubmittedWorkDone();
      times.push({ kernel: plan.kernels[dispatch.kernel].label, ms: performance.now() - started });
    }
    return times;
  }

  /** The outputs of the last `step` that asked for them, by name. */
  async outputs(): Promise<Record<string, Float32Array | Int32Array>> {
    if (!this.readback) throw new Error('no outputs to read: call step({ readOutputs: true }) first');
    const { buffer, batch } = this.readback;
    await buffer.mapAsync(GPUMapMode.READ);
    this.throwDeviceErrors();
    const words = new Uint32Array(buffer.getMappedRange().slice(0));
    buffer.unmap();
    const out: Record<string, Float32Array | Int32Array> = {};
    let at = 0;
    for (const output of this.plan.outputs) {
      const length = atBatch(output.region.length, batch);
      const slice = words.slice(at, at + length);
      out[output.name] = output.region.arena === 'f32' ? new Float32Array(slice.buffer) : new Int32Array(slice.buffer);
      at += length;
    }
    return out;
  }

  /**
   * Room on the GPU for the scalar outputs of up to `capacity` iterations, so a training loop
   * reads the logged figures of many iterations in one map (at log intervals), not one per iteration.
   */
  keepFigures(capacity: number): void {
    const scalarOnly = this.plan.outputs.every((o) => o.region.length.perBatch === 0 && o.region.length.fixed === 1);
    if (!scalarOnly) throw new Error('keepFigures: the plan has outputs that are not single numbers');
    this.kept?.buffer.destroy();
    const bytes = Math.max(16, Math.ceil((capacity * this.plan.outputs.length * WORD) / 16) * 16);
    this.kept = { buffer: this.dawn.device.createBuffer({ label: 'kept figures', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }), capacity, count: 0 };
  }

  /** The outputs of every iteration kept since the last call, in order, by name; empty when none. */
  async keptFigures(): Promise<Record<string, number>[]> {
    const kept = this.kept;
    if (!kept || kept.count === 0) return [];
    const n = this.plan.outputs.length;
    await kept.buffer.mapAsync(GPUMapMode.READ);
    this.throwDeviceErrors();
    const words = new Uint32Array(kept.buffer.getMappedRange().slice(0, kept.count * n * WORD));
    kept.buffer.unmap();
    const values = new Float32Array(words.buffer);
    const ints = new Int32Array(words.buffer);
    const figures = Array.from({ length: kept.count }, (_, k) =>
      Object.fromEntries(this.plan.outputs.map((o, j) => [o.name, o.region.arena === 'f32' ? values[k * n + j] : ints[k * n + j]])),
    );
    kept.count = 0;
    return figures;
  }

  /** Waits until the GPU has finished everything submitted. */
  async finish(): Promise<void> {
    await this.dawn.device.queue.onSubmittedWorkDone();
    this.throwDeviceErrors();
  }

  /** A device error means the results are not to be trusted: it stops the run with the message. */
  private throwDeviceErrors(): void {
    if (this.dawn.errors.length > 0) throw new Error(`WebGPU reported: ${this.dawn.errors.join('; ')}`);
  }

  destroy(): void {
    this.f32.destroy();
    this.i32.destroy();
    this.uniforms.destroy();
    this.readback?.buffer.destroy();
    this.kept?.buffer.destroy();
  }

  private writeInputs(options: StepOptions): void {
    const batch = options.batch;
    for (const input of this.plan.inputs) {
      const data = options.inputs[input.name];
      if (!data) throw new Error(`no data for plan input '${input.name}'`);
      const expected = atBatch(input.region.length, batch);
      if (data.length !== expected) throw new Error(`input '${input.name}' [${input.shape.join(', ')}] at batch ${batch} needs ${expected} values, got ${data.length}`);
      if ((input.dtype === 'f32') !== data instanceof Float32Array) throw new Error(`input '${input.name}' must be a ${input.dtype === 'f32' ? 'Float32Array' : 'Int32Array'}`);
      this.upload(input.region.arena === 'f32' ? this.f32 : this.i32, atBatch(input.region.offset, batch), data);
    }
  }

  private writeUniforms(options: StepOptions): void {
    const batch = options.batch;
    if (!Number.isInteger(batch) || batch < 1 || batch > this.plan.maxBatch) throw new Error(`batch ${batch} is outside [1, ${this.plan.maxBatch}] (the plan's maxBatch)`);
    const words = new ArrayBuffer(this.uniformWords * WORD);
    const u32 = new Uint32Array(words);
    const f32 = new Float32Array(words);
    if (!Number.isSafeInteger(options.seed) || options.seed < 0) throw new Error(`seed must be a non-negative safe integer, got ${options.seed}`);
    if (!Number.isInteger(options.iteration) || options.iteration < 0 || options.iteration >= 2 ** 32) throw new Error(`iteration must be an integer in [0, 2^32), got ${options.iteration}`);
    u32[0] = options.batch;
    u32[1] = options.iteration;
    u32[2] = options.seed % 2 ** 32;
    u32[3] = Math.floor(options.seed / 2 ** 32);
    this.plan.scalars.forEach((name, k) => {
      const value = options.scalars[name];
      if (value === undefined || !Number.isFinite(value)) throw new Error(`no finite value for run-time scalar '${name}'`);
      f32[this.plan.uniforms.scalarsAt + k] = value;
    });
    this.plan.sites.forEach((site, k) => (u32[this.plan.uniforms.sitesAt + k] = siteHash(site)));
    this.dawn.device.queue.writeBuffer(this.uniforms, 0, words);
  }

  private encodeReadback(encoder: GPUCommandEncoder, batch: number): void {
    const total = this.plan.outputs.reduce((sum, o) => sum + atBatch(o.region.length, batch), 0);
    const bytes = Math.max(16, Math.ceil((total * WORD) / 16) * 16);
    if (!this.readback || this.readback.buffer.size < bytes) {
      this.readback?.buffer.destroy();
      this.readback = { buffer: this.dawn.device.createBuffer({ label: 'outputs', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }), batch };
    }
    this.readback.batch = batch;
    let at = 0;
    for (const output of this.plan.outputs) {
      const length = atBatch(output.region.length, batch);
      this.copyRegion(encoder, output.region, batch, this.readback.buffer, at, length);
      at += length;
    }
  }

  private encodeKept(encoder: GPUCommandEncoder, batch: number): void {
    const kept = this.kept;
    if (!kept) throw new Error('step({ keepFigures: true }) needs keepFigures(capacity) first');
    if (kept.count === kept.capacity) throw new Error(`the figures of ${kept.capacity} iterations are kept unread: read them (keptFigures) first`);
    const n = this.plan.outputs.length;
    this.plan.outputs.forEach((output, j) => this.copyRegion(encoder, output.region, batch, kept.buffer, kept.count * n + j, 1));
    kept.count += 1;
  }

  private copyRegion(encoder: GPUCommandEncoder, region: Region, batch: number, target: GPUBuffer, at: number, length: number): void {
    if (length === 0) return;
    // copyBufferToBuffer moves multiples of 4 bytes at 4-byte offsets: words qualify.
    encoder.copyBufferToBuffer(region.arena === 'f32' ? this.f32 : this.i32, atBatch(region.offset, batch) * WORD, target, at * WORD, length * WORD);
  }

  private upload(target: GPUBuffer, offsetWords: number, data: Float32Array | Int32Array): void {
    this.dawn.device.queue.writeBuffer(target, offsetWords * WORD, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
  }

  private async readWords(source: GPUBuffer, offset: number, length: number): Promise<Uint32Array> {
    const size = Math.max(16, Math.ceil((length * WORD) / 16) * 16);
    const buffer = this.dawn.device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = this.dawn.device.createCommandEncoder();
    encoder.copyBufferToBuffer(source, offset * WORD, buffer, 0, length * WORD);
    this.dawn.device.queue.submit([encoder.finish()]);
    await buffer.mapAsync(GPUMapMode.READ);
    this.throwDeviceErrors();
    const words = new Uint32Array(buffer.getMappedRange().slice(0, length * WORD));
    buffer.unmap();
    buffer.destroy();
    return words;
  }
}
