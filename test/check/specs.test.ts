import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource, formatSummary } from '../../compiler/index.js';

const specsDir = join(__dirname, '../../specs');

function check(file: string) {
  const path = join(specsDir, file);
  return checkSource(readFileSync(path, 'utf8'), path);
}

for (const file of readdirSync(specsDir).filter((f) => f.endsWith('.gan')).sort()) {
  test(`specs/${file} checks without errors and lowers to IR`, () => {
    const result = check(file);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`), []);
    assert.ok(result.ir, 'IR present');
    assert.is(result.summaries.length, 2, 'a summary per network');
    assert.is(result.ir?.name, file.replace(/\.gan$/, ''));
  });
}

test('seed A summaries: G 579,728 and D 533,505 parameters', () => {
  const [g, d] = check('seed_a_mlp.gan').summaries;
  assert.is(g.role, 'generator');
  assert.is(g.name, 'G');
  assert.equal(g.inputShape, [100]);
  assert.is(g.total, 579_728);
  assert.is(g.trainable, 579_728);
  assert.is(g.nonTrainable, 0);
  assert.equal(
    g.rows.map((r) => [r.layer, r.outputShape, r.parameters]),
    [
      ['dense(128)', [128], 12_928],
      ['relu', [128], 0],
      ['dense(256)', [256], 33_024],
      ['relu', [256], 0],
      ['dense(512)', [512], 131_584],
      ['relu', [512], 0],
      ['dense(784)', [784], 402_192],
      ['tanh', [784], 0],
      ['reshape(28, 28, 1)', [28, 28, 1], 0],
    ],
  );
  assert.is(g.rows[0].line, 13);
  assert.is(d.name, 'D');
  assert.equal(d.inputShape, [28, 28, 1]);
  assert.is(d.total, 533_505);
  assert.equal(d.rows[d.rows.length - 1].outputShape, [1]);
});

test('formatSummary prints a Keras-style table with batch axes and thousands separators', () => {
  const [g] = check('seed_a_mlp.gan').summaries;
  const table = formatSummary(g);
  assert.match(table, /Model: "G"/);
  assert.match(table, /Input: \[batch, 100\]/);
  assert.match(table, /dense\(784\)\s+\[batch, 784\]\s+402,192/);
  assert.match(table, /reshape\(28, 28, 1\)\s+\[batch, 28, 28, 1\]\s+0/);
  assert.match(table, /Total params: 579,728/);
  assert.match(table, /Trainable params: 579,728/);
  assert.match(table, /Non-trainable params: 0/);
});

test('seed B5 summary: batch norm statistics are non-trainable; long layers are shortened', () => {
  const [g, d] = check('seed_b5_dcgan.gan').summaries;
  assert.equal(g.rows[4].outputShape, [7, 7, 128]);
  assert.equal(g.rows[g.rows.length - 1].outputShape, [28, 28, 1]);
  // Four-channel batch norms: 2*C trainable, 2*C moving statistics.
  assert.is(g.nonTrainable, 2 * (256 + 128 + 64));
  assert.is(g.trainable + g.nonTrainable, g.total);
  assert.ok(g.rows[1].layer.startsWith('conv2d_transpose(ngf * 4, kernel = 4'));
  assert.ok(g.rows[1].layer.endsWith('...'));
  assert.equal(d.rows.map((r) => r.outputShape).slice(-3), [[1, 1, 1], [1, 1, 1], [1]]);
});

test('seed A IR: constants evaluated, defaults applied, shapes, ops and origins', () => {
  const ir = check('seed_a_mlp.gan').ir;
  if (ir === undefined) throw new Error('seed A has no IR');
  assert.is(ir.name, 'seed_a_mlp');
  assert.is(ir.title, 'Seed A: plain MLP GAN on MNIST');
  assert.equal(ir.data, {
    source: 'mnist',
    path: undefined,
    range: [-1, 1],
    batchSize: 128,
    shuffle: true,
    dropLast: false,
    labels: false,
    classes: 10,
    shape: [28, 28, 1],
    resize: undefined,
    crop: undefined,
    flips: [],
    origin: { line: 9, text: 'data mnist(range = [-1, 1], batch = 128, shuffle = true)' },
  });
  assert.equal(ir.latent, { size: 100, distribution: 'normal', mean: 0, stddev: 1, origin: { line: 10, text: 'latent normal(size = nz)' } });
  assert.equal(
    { kind: ir.loss.kind, options: ir.loss.options, scores: ir.loss.scores, constraint: ir.loss.constraint, origin: ir.loss.origin },
    {
      kind: 'bce',
      options: { from_logits: false, g_loss: 'non_saturating', label_smoothing: 0 },
      scores: 'probability',
      constraint: {},
      origin: { line: 34, text: 'loss bce' },
    },
  );
  assert.equal(ir.loss.generatorLoss.reads, ['fakeScores']);
  for (const role of ['generator', 'discriminator'] as const) {
    const optimizer = ir.optimizers[role];
    assert.equal(optimizer, {
      kind: 'adam',
      options: { lr: 2e-4, betas: [0.5, 0.999], eps: 1e-8, schedule: { kind: 'constant' } },
      learningRate: { base: 2e-4, schedule: { kind: 'constant' } },
      tfjs: 'tf.train.adam(0.0002, 0.5, 0.999, 1e-8)',
      origin: optimizer.origin,
    });
  }
  assert.is(ir.optimizers.generator.origin.line, 35);
  assert.equal(ir.train, { epochs: 50, dSteps: 1, updates: 'alternating', generatorFakes: 'reuse', seed: 1, logEvery: 100, origin: ir.train.origin });
  assert.equal(ir.samples, { count: 16, rows: 2, cols: 8, everyEpochs: 1, origin: ir.samples.origin });
  assert.is(ir.checkpoint.everyEpochs, 5);

  const g = ir.generator;
  assert.is(g.name, 'G');
  assert.equal(g.inputShape, [100]);
  assert.equal(g.outputShape, [28, 28, 1]);
  assert.is(g.conditional, false);
  assert.equal(g.parameters, { trainable: 579_728, nonTrainable: 0 });
  assert.equal(g.layers[0].options, { units: 128, bias: true });
  assert.equal(g.layers[0].inputShape, [100]);
  // PyTorch's Linear: weight and bias U(±1/sqrt(fan_in)), fan_in 100.
  const pytorchUniform = { code: 'tf.initializers.randomUniform({ minval: -1 / Math.sqrt(100), maxval: 1 / Math.sqrt(100) })' };
  assert.equal(g.layers[0].tfjs, [
    { factory: 'tf.layers.dense', config: { units: 128, useBias: true, kernelInitializer: pytorchUniform, biasInitializer: pytorchUniform }, weighted: true },
  ]);
  assert.equal(g.layers[0].origin, { line: 13, text: 'dense(128)' });
  assert.equal(g.layers[8].options, { shape: [28, 28, 1] });
  assert.equal(g.origin, { line: 12, text: 'generator G {' });
  assert.equal(ir.discriminator.outputShape, [1]);
  assert.equal(ir.discriminator.layers[2].options, { alpha: 0.2 });
});

test('seed B5 IR: constant arithmetic in layer options', () => {
  const ir = check('seed_b5_dcgan.gan').ir;
  if (ir === undefined) throw new Error('seed B5 has no IR');
  assert.equal(ir.generator.layers[0].options, { shape: [1, 1, 100] });
  assert.equal(ir.generator.layers[1].options, { filters: 256, kernel: 4, stride: 1, padding: 0, output_padding: 0, bias: false });
  assert.equal(ir.optimizers.discriminator.options.betas, [0.9, 0.999]);
});

test.run();
