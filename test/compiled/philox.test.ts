import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GraphBuilder } from '../../compiler/graph/builder.js';
import { PHILOX_HELPERS, header } from '../../compiler/graph/codegen/wgsl.js';
import { philox4x32, philoxNormal, philoxUniform, philoxWords, siteHash } from '../../runtime/random/philox.js';
import { assertClose } from '../graph/support.js';
import { testDevice } from './gpu.js';
import { gpuRun } from './run-plan.js';

// The JS Philox (what the tfjs path draws with) and the WGSL one (what compiled kernels draw
// with) must give the same numbers: bit for bit for the words, 1e-6 for the floats.

test('JS Philox-4x32-10 reproduces the Random123 known-answer vectors', () => {
  assert.equal(philox4x32([0, 0, 0, 0], [0, 0]), [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
  const ones = 0xffffffff;
  assert.equal(philox4x32([ones, ones, ones, ones], [ones, ones]), [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
  assert.equal(philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0]), [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
});

test('site names hash with FNV-1a 32-bit', () => {
  assert.is(siteHash(''), 0x811c9dc5);
  assert.is(siteHash('a'), 0xe40c292c);
  assert.is(siteHash('foobar'), 0xbf9cf968);
});

const SEED = 2 ** 40 + 12345;
const ITERATION = 7;
const SITE = 'D step 1/latent';

test('draws from element `first` on are that part of the whole draw (the fakes\' half of a joint pass)', () => {
  const site = { seed: SEED, iteration: ITERATION, site: SITE };
  assert.equal(philoxUniform(site, 5, 3), philoxUniform(site, 8).slice(3));
  assert.equal(philoxNormal(site, 5, 3), philoxNormal(site, 8).slice(3));
});

test('WGSL Philox words equal the JS words bit for bit', async () => {
  const { device } = await testDevice();
  const count = 1000;
  const code = [
    header(0, 1),
    PHILOX_HELPERS,
    '@compute @workgroup_size(64)',
    'fn main(@builtin(global_invocation_id) g: vec3<u32>) {',
    `  if (g.x >= ${count}u) { return; }`,
    '  let w = philox(vec4<u32>(g.x, U.iteration, U.sites[0][0], 0u));',
    '  for (var k = 0u; k < 4u; k++) { I[g.x * 4u + k] = bitcast<i32>(w[k]); }',
    '}',
  ].join('\n');
  const module = device.createShaderModule({ code });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const words = device.createBuffer({ size: count * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const uniforms = device.createBuffer({ size: 48, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(uniforms, 0, new Uint32Array([1, ITERATION, SEED % 2 ** 32, Math.floor(SEED / 2 ** 32), 0, 0, 0, 0, siteHash(SITE), 0, 0, 0]));
  const readback = device.createBuffer({ size: count * 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const layout = pipeline.getBindGroupLayout(0);
  const entries = [
    { binding: 1, resource: { buffer: words } },
    { binding: 2, resource: { buffer: uniforms } },
  ];
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout, entries }));
  pass.dispatchWorkgroups(Math.ceil(count / 64));
  pass.end();
  encoder.copyBufferToBuffer(words, 0, readback, 0, count * 16);
  device.queue.submit([encoder.finish()]);
  await readback.mapAsync(GPUMapMode.READ);
  const gpu = new Uint32Array(readback.getMappedRange().slice(0));
  readback.unmap();
  const js = philoxWords({ seed: SEED, iteration: ITERATION, site: SITE }, count);
  for (let i = 0; i < js.length; i++) if (gpu[i] !== js[i]) assert.unreachable(`word ${i}: WGSL ${gpu[i].toString(16)}, JS ${js[i].toString(16)}`);
});

test('compiled uniform and normal draws equal the JS draws within 1e-6', async () => {
  const b = new GraphBuilder();
  b.output('uniform', b.random('uniform', [{ batch: 1 }, 37], SITE));
  b.output('normal', b.random('normal', [{ batch: 1 }, 37], 'gp/alpha'));
  const gpu = await gpuRun(b.graph, 64);
  const out = await gpu.run(64, {}, { seed: SEED, iteration: ITERATION });
  const count = 64 * 37;
  const uniform = philoxUniform({ seed: SEED, iteration: ITERATION, site: SITE }, count);
  const normal = philoxNormal({ seed: SEED, iteration: ITERATION, site: 'gp/alpha' }, count);
  for (let i = 0; i < count; i++) if (out.uniform[i] !== uniform[i]) assert.unreachable(`uniform ${i}: ${out.uniform[i]} vs ${uniform[i]}`);
  assertClose(out.normal, normal, 1e-6, 'normal', 1);
  gpu.executor.destroy();
});

test.run();
