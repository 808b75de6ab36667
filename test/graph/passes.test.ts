import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GraphBuilder } from '../../compiler/graph/builder.js';
import { compileGraph } from '../../compiler/graph/compile.js';
import { optimize } from '../../compiler/graph/passes/optimize.js';
import { printGraph } from '../../compiler/graph/printer.js';
import { B } from '../../compiler/graph/shape.js';
import { wassersteinLoss } from '../../compiler/graph/losses.js';
import { dense } from '../../compiler/graph/nn/dense.js';
import { sgd } from '../../compiler/graph/optimizers.js';
import { buildTrainingStep } from '../../compiler/graph/step.js';
import { sequential } from './networks.js';
import { seedAStep, seedB5Step } from './seed-steps.js';
import { variants } from './step-variants.js';

// What the passes promise, checked on the seed steps: one optimizer kernel per network,
// gradients written in place into their flat buffers, no forward pass only for logging, D's
// real and fake batches side by side only without batch norm; plus CSE, DCE, the printer and
// the builder's errors.

const seedA = compileGraph(seedAStep().graph, { maxBatch: 128 });
const seedB5 = compileGraph(seedB5Step().graph, { maxBatch: 64 });

for (const [name, compiled] of [['seed A', seedA], ['seed B5', seedB5]] as const) {
  test(`${name}: each network's optimizer update (weights, both moments) is one kernel`, () => {
    for (const network of ['G', 'D']) {
      const versions = compiled.graph.versions;
      const writers = new Set(['trainable', 'adam/m', 'adam/v'].map((slot) => compiled.fusion.groupOf[versions[`${network}/${slot}`][1]]));
      assert.is(writers.size, 1, `${network}'s weights and moments are written by ${writers.size} kernels`);
    }
  });

  test(`${name}: flat gradients are written in place, not gathered by a copy`, () => {
    const concats = compiled.graph.nodes.filter((n) => n.op.kind === 'concat' && n.site.endsWith('gradient/grad'));
    assert.is(concats.length, 2);
    for (const c of concats) assert.ok(compiled.fusion.placement.placedConcats.has(c.id), `${c.site}'s gradient concat is computed by a kernel`);
  });
}

test('seed B5: each batch norm forward takes its mean and variance in one two-pass kernel', () => {
  const statistics = seedB5.order.filter((g) => g.kind === 'reduce' && /batch_normalization_\d$/.test(seedB5.graph.nodes[g.cores[0]].site));
  // G's three batch norms in D's step; D's two, on real and on fake, and again in G's step.
  assert.is(statistics.length, 3 + 2 * 2 + 2);
  for (const g of statistics) assert.is(g.stages?.length, 2, seedB5.graph.nodes[g.cores[0]].site);
});

test('seed A: 25 contractions, the forward and backward passes the step needs and no more (no pass only for logging)', () => {
  const cores = seedA.order.filter((g) => g.kind === 'gemm').length;
  // D step: G 4, D on [2B] 3, D's backward 5; G step: D 3, back through D 3, G's backward 7.
  assert.is(cores, 4 + 3 + 5 + 3 + 3 + 7);
});

test('seed A scores real and fake in one pass of D; seed B5, with batch norm in D, in two', () => {
  assert.ok(seedAStep().batchedRealAndFake);
  assert.not.ok(seedB5Step().batchedRealAndFake);
});

test('spectral norm keeps D(real) and D(fake) apart: each call iterates on u from the last, as tfjs and PyTorch do', () => {
  const [, , spectral] = variants();
  assert.match(spectral.name, 'spectral norm critic');
  assert.not.ok(spectral.step.batchedRealAndFake);
});

test('any layer that combines examples keeps D(real) and D(fake) apart; layer norm and dropout do not', () => {
  const [gp, conditional] = variants();
  assert.ok(gp.step.batchedRealAndFake, 'layer norm normalises each example alone');
  assert.ok(conditional.step.batchedRealAndFake, 'dropout and label embeddings act per example');
  const mixing = buildTrainingStep({
    latent: { size: 4, distribution: 'normal', mean: 0, stddev: 1 },
    data: { shape: [2, 2, 1] },
    generator: sequential('G', [['dense_1', (b, x) => b.reshape(b.tanh(dense(b, x, { units: 4 })), [B, 2, 2, 1])]]),
    discriminator: sequential('D', [
      ['flatten_1', (b, x) => b.reshape(x, [B, 4])],
      // A minibatch feature: every example's score sees the whole batch's Gram matrix.
      ['batch_gram', (b, x) => b.matmul(x, b.matmul(x, x, { transposeA: true }))],
      ['dense_2', (b, x) => dense(b, x, { units: 1 })],
    ]),
    loss: wassersteinLoss,
    optimizers: { generator: sgd({ momentum: 0 }), discriminator: sgd({ momentum: 0 }) },
    schedule: { dSteps: 1, updates: 'alternating' },
  });
  assert.not.ok(mixing.batchedRealAndFake);
});

test('CSE merges two identical computations and DCE drops what no output needs', () => {
  const b = new GraphBuilder();
  const x = b.input('x', [B, 3]);
  b.output('y', b.add(b.exp(x), b.exp(x)));
  b.tanh(x);
  const graph = optimize(b.graph);
  assert.equal(graph.nodes.map((n) => n.op.kind), ['input', 'unary', 'binary']);
});

test('printGraph prints one op per line with its shape and the layer it came from', () => {
  const text = printGraph(seedAStep().graph);
  assert.match(text, /^%\d+ = matmul\(%\d+, %G\.dense_1\.kernel\) : f32\[B, 128\] +# D step 1\/G\/dense_1$/m);
  assert.match(text, /^%G\.dense_1\.kernel = param\(%G\.trainable, offset=0\) : f32\[100, 128\]/m);
  assert.match(text, /^%\d+ = random normal 'D step 1\/latent' : f32\[B, 100\]/m);
  assert.match(text, /^%\d+ = matmul\(%\d+, %D\.dense_5\.kernel@1\) : f32\[B, 512\] +# G step\/fake\/D\/dense_5$/m);
  assert.match(text, /^output loss_D = %\d+$/m);
  assert.match(text, /^write D\/trainable <- %\d+$/m);
});

test('the builder says where and why it refuses a graph', () => {
  const b = new GraphBuilder();
  const x = b.input('x', [B, 3]);
  assert.throws(() => b.param('w', [3, 2]), /param 'w' declared outside any network/);
  assert.throws(() => b.scope('D', () => b.matmul(x, b.input('w', [4, 2]))), /matmul at D: inner sizes differ, \[B, 3\] x \[4, 2\]/);
  assert.throws(() => b.add(x, b.input('y', [B, 4])), /add at : shapes \[B, 3\] and \[B, 4\] do not broadcast/);
  assert.throws(() => b.transpose(x, [1, 0]), /the batch axis must stay axis 0/);
  b.network('N', () => b.scope('dense', () => b.param('kernel', [3, 2])));
  assert.throws(() => b.network('N', () => b.scope('dense', () => b.param('kernel', [3, 4]))), /N\/dense\/kernel: declared as trainable \[3, 2\], used as trainable \[3, 4\]/);
  assert.throws(() => b.network('N', () => b.scope('other', () => b.param('kernel', [3, 2]))), /a later call of network 'N' declares a weight its first call did not/);
});

test.run();
