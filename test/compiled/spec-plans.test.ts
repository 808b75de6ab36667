import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../compiler/index.js';
import type { SpecIR } from '../../compiler/ir.js';
import { layerKinds } from '../../compiler/layers/registry.js';
import { GraphLoweringError } from '../../compiler/graph/nn/context.js';
import { lowerTrainingPlan } from '../../compiler/lower-step.js';

// Every spec of specs/ lowers through its registry entries to a compiled plan (no GPU needed:
// compileGraph is plain TypeScript); what the compiled step cannot run is a located diagnostic.

const root = join(__dirname, '..', '..');

function load(path: string): { ir: SpecIR; source: { path: string; text: string } } {
  const text = readFileSync(join(root, path), 'utf8');
  const checked = checkSource(text, path);
  if (!checked.ir) throw new Error(`${path} does not check: ${checked.diagnostics.map((d) => d.code).join(', ')}`);
  return { ir: checked.ir, source: { path, text } };
}

const specs = readdirSync(join(root, 'specs')).filter((f) => f.endsWith('.gan')).sort();

test('specs/ holds the seed specs', () => {
  assert.ok(specs.length >= 19, `${specs.length} specs`);
});

for (const file of specs) {
  test(`${file} lowers to a plan whose networks hold exactly the spec's weights`, () => {
    const { ir, source } = load(`specs/${file}`);
    const lowered = lowerTrainingPlan(ir, source);
    if (!lowered.ok) assert.unreachable(lowered.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
    else {
      const { plan } = lowered;
      assert.is(plan.maxBatch, ir.data.batchSize);
      assert.equal(plan.networks.map((n) => n.name), [ir.generator.name, ir.discriminator.name]);
      for (const network of [ir.generator, ir.discriminator]) {
        const planned = plan.networks.find((n) => n.name === network.name)!;
        assert.is(planned.trainableLength, network.parameters.trainable, `${network.name}'s trainable words`);
        assert.is(planned.length, network.parameters.trainable + network.parameters.nonTrainable, `${network.name}'s words`);
      }
      assert.ok(plan.dispatches.length > 0);
      assert.equal(plan.scalars, ['lr/G', 'lr/D']);
      const realInputs = plan.inputs.filter((i) => i.name.startsWith('real/')).length;
      assert.is(realInputs, ir.train.updates === 'simultaneous' ? 1 : ir.train.dSteps);
      assert.is(plan.inputs.some((i) => i.name.startsWith('labels/')), ir.data.labels);
    }
  });
}

test('the plan is deterministic: the same spec gives the same JSON', () => {
  const { ir, source } = load('specs/seed_b5_dcgan.gan');
  const first = lowerTrainingPlan(ir, source);
  const second = lowerTrainingPlan(load('specs/seed_b5_dcgan.gan').ir, source);
  assert.ok(first.ok && second.ok);
  if (first.ok && second.ok) assert.is(JSON.stringify(first.plan), JSON.stringify(second.plan));
});

test('--max-batch: the plan runs every batch up to the given one', () => {
  const { ir, source } = load('specs/seed_a_mlp.gan');
  const lowered = lowerTrainingPlan(ir, source, { maxBatch: 7 });
  assert.ok(lowered.ok);
  if (lowered.ok) assert.is(lowered.plan.maxBatch, 7);
});

test('avg_pool2d with overlapping windows lowers: no GAN0802, one pooling op in each D call', () => {
  const { ir, source } = load('test/fixtures/compiled/overlapping_pool.gan');
  const lowered = lowerTrainingPlan(ir, source);
  if (!lowered.ok) return assert.unreachable(lowered.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  const pools = lowered.graph.nodes.filter((n) => n.op.kind === 'avgPool');
  assert.ok(pools.length > 0);
  for (const pool of pools) assert.equal(pool.op, { kind: 'avgPool', strides: [2, 2], pads: [0, 0, 0, 0], window: [3, 3] });
});

test('options a lowering cannot express: GAN0802 at the layer\'s line', () => {
  // No registry entry refuses options any more; one made to, as a future lowering would.
  const pool = layerKinds.get('avg_pool2d')!;
  const graph = pool.graph;
  pool.graph = () => {
    throw new GraphLoweringError('avg_pool2d: these options cannot be compiled');
  };
  try {
    const { ir, source } = load('test/fixtures/compiled/overlapping_pool.gan');
    const lowered = lowerTrainingPlan(ir, source);
    assert.not.ok(lowered.ok);
    if (!lowered.ok) {
      assert.equal(lowered.diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.column]), [['GAN0802', 14, 3]]);
      assert.is(source.text.slice(lowered.diagnostics[0].span.start.offset, lowered.diagnostics[0].span.end.offset), 'avg_pool2d(3, stride = 2)');
    }
  } finally {
    pool.graph = graph;
  }
});

test('a layer kind without a graph lowering: GAN0801 at each layer using it, no crash', () => {
  const leaky = layerKinds.get('leaky_relu')!;
  const graph = leaky.graph;
  delete leaky.graph;
  try {
    const { ir, source } = load('specs/seed_a_mlp.gan');
    const lowered = lowerTrainingPlan(ir, source);
    assert.not.ok(lowered.ok);
    if (!lowered.ok) assert.equal(lowered.diagnostics.map((d) => [d.code, d.span.start.line]), [['GAN0801', 27], ['GAN0801', 29]]);
  } finally {
    leaky.graph = graph;
  }
});

test.run();
