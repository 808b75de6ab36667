import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseSpec } from '../../grammar/index.js';
import type { Expression, NetworkStatement, SettingStatement } from '../../grammar/ast.js';
import type { Span } from '../../diagnostics/span.js';

const file = path.join(__dirname, '..', '..', 'specs', 'seed_a_mlp.gan');
const text = readFileSync(file, 'utf8');
const { spec, diagnostics } = parseSpec(text, file);

/** The text a span covers. */
const cover = (span: Span) => text.slice(span.start.offset, span.end.offset);

/** Line and column of an offset, counted independently of the parser. */
function lineColumn(offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length, before[before.length - 1].length + 1];
}

function checkSpan(span: Span): void {
  assert.is(span.file, file);
  assert.equal([span.start.line, span.start.column], lineColumn(span.start.offset));
  assert.equal([span.end.line, span.end.column], lineColumn(span.end.offset));
}

const networks = spec.statements.filter((s): s is NetworkStatement => s.kind === 'network');
const settings = spec.statements.filter((s): s is SettingStatement => s.kind === 'setting');

test('seed A parses cleanly into its statements, in order', () => {
  assert.equal(diagnostics, []);
  assert.is(spec.path, file);
  assert.equal(
    spec.statements.map((s) => (s.kind === 'setting' ? s.keyword : s.kind)),
    ['title', 'framework', 'const', 'data', 'latent', 'network', 'network', 'loss', 'optimizer', 'optimizer', 'train', 'samples', 'checkpoint'],
  );
});

test('title and const', () => {
  const [title, , constant] = spec.statements;
  assert.ok(title.kind === 'title' && title.value?.value === 'Seed A: plain MLP GAN on MNIST');
  assert.ok(constant.kind === 'const' && constant.name?.name === 'nz');
  assert.equal(constant.value, { kind: 'number', value: 100, raw: '100', span: constant.value?.span });
  assert.is(cover(constant.span), 'const nz = 100');
});

test('settings keep keyword, variant and named arguments', () => {
  const data = settings.find((s) => s.keyword === 'data') as SettingStatement;
  assert.is(data.variant?.name, 'mnist');
  assert.equal(data.args.map((a) => a.name?.name), ['range', 'batch', 'shuffle']);
  const range = data.args[0].value as Expression;
  assert.ok(range.kind === 'list' && range.items.length === 2);
  assert.equal(range.items[0], { kind: 'unary', operator: '-', operand: { kind: 'number', value: 1, raw: '1', span: (range.items[0] as { operand: { span: Span } }).operand.span }, span: range.items[0].span });
  assert.equal(data.args[2].value?.kind === 'boolean' && data.args[2].value.value, true);

  const loss = settings.find((s) => s.keyword === 'loss') as SettingStatement;
  assert.equal([loss.variant?.name, loss.args], ['bce', []]);

  const optimizers = settings.filter((s) => s.keyword === 'optimizer');
  assert.equal(optimizers.map((o) => [o.target?.name, o.variant?.name]), [['G', 'adam'], ['D', 'adam']]);
  const lr = optimizers[0].args[0];
  assert.ok(lr.value?.kind === 'number' && lr.value.value === 2e-4 && lr.value.raw === '2e-4');

  const train = settings.find((s) => s.keyword === 'train') as SettingStatement;
  assert.is(train.variant, undefined);
  assert.equal(train.args.map((a) => a.name?.name), ['epochs', 'updates', 'seed', 'log_every']);
  assert.equal(train.args[1].value, { kind: 'name', name: 'alternating', span: train.args[1].value?.span });
});

test('networks keep role, name and layers as written', () => {
  assert.equal(networks.map((n) => [n.role, n.name?.name, n.layers.length]), [['generator', 'G', 9], ['discriminator', 'D', 7]]);
  const [generator, discriminator] = networks;
  assert.equal(generator.layers.map((l) => cover(l.span)), ['dense(128)', 'relu', 'dense(256)', 'relu', 'dense(512)', 'relu', 'dense(784)', 'tanh', 'reshape(28, 28, 1)']);
  assert.equal(generator.layers.map((l) => l.hasParentheses), [true, false, true, false, true, false, true, false, true]);
  const reshape = generator.layers[8];
  assert.equal(reshape.args.map((a) => a.value?.kind === 'number' && a.value.value), [28, 28, 1]);
  assert.is(discriminator.layers[0].callee.name, 'flatten');
  assert.is(cover(discriminator.layers[2].span), 'leaky_relu(0.2)');
});

test('spans: 1-based lines and columns, 0-based offsets, end exclusive', () => {
  const [generator] = networks;
  assert.is(cover(generator.roleSpan), 'generator');
  assert.is(cover(generator.name!.span), 'G');
  assert.ok(cover(generator.span).startsWith('generator G {') && cover(generator.span).endsWith('}'));
  const dense = generator.layers[0];
  assert.equal(dense.span.start, { offset: text.indexOf('dense(128)'), line: 13, column: 3 });
  assert.equal(dense.span.end, { offset: text.indexOf('dense(128)') + 10, line: 13, column: 13 });
  assert.is(cover(dense.callee.span), 'dense');
  assert.is(cover(dense.args[0].span), '128');

  const optimizer = settings.find((s) => s.keyword === 'optimizer') as SettingStatement;
  assert.is(cover(optimizer.span), 'optimizer G adam(lr = 2e-4, betas = [0.5, 0.999])');
  assert.is(cover(optimizer.keywordSpan), 'optimizer');
  assert.is(cover(optimizer.args[1].span), 'betas = [0.5, 0.999]');
  assert.is(cover(optimizer.args[1].value!.span), '[0.5, 0.999]');

  assert.equal(spec.span.start, { offset: 0, line: 1, column: 1 });
  assert.is(spec.span.end.offset, text.length);
  for (const statement of spec.statements) checkSpan(statement.span);
  for (const layer of networks.flatMap((n) => n.layers)) checkSpan(layer.span);
});

test('expressions: precedence, unary minus, parentheses, calls', () => {
  const { spec: small, diagnostics: none } = parseSpec('const a = -ngf * 2 + (1 - x) / 4\nconst b = step(every = 10, gamma = 0.5)', 'e.gan');
  assert.equal(none, []);
  const strip = (e: unknown): unknown => JSON.parse(JSON.stringify(e, (key, value) => (key === 'span' || key === 'raw' ? undefined : value)));
  const [a, b] = small.statements;
  assert.equal(strip(a.kind === 'const' && a.value), {
    kind: 'binary', operator: '+',
    left: { kind: 'binary', operator: '*', left: { kind: 'unary', operator: '-', operand: { kind: 'name', name: 'ngf' } }, right: { kind: 'number', value: 2 } },
    right: { kind: 'binary', operator: '/', left: { kind: 'binary', operator: '-', left: { kind: 'number', value: 1 }, right: { kind: 'name', name: 'x' } }, right: { kind: 'number', value: 4 } },
  });
  assert.equal(strip(b.kind === 'const' && b.value), {
    kind: 'call', callee: { name: 'step' },
    args: [{ name: { name: 'every' }, value: { kind: 'number', value: 10 } }, { name: { name: 'gamma' }, value: { kind: 'number', value: 0.5 } }],
  });
});

test('unnamed networks, role words as optimizer targets, trailing commas, nested layers', () => {
  const source = 'generator { dense(1,) }\ndiscriminator { spectral_norm(conv2d(64, kernel = [4, 4],), iterations = 1) }\noptimizer generator adam(lr = 1e-3, betas = [0.5, 0.9,],)';
  const { spec: small, diagnostics: none } = parseSpec(source, 'u.gan');
  assert.equal(none, []);
  const [g, d, o] = small.statements;
  assert.ok(g.kind === 'network' && g.name === undefined && g.layers[0].args.length === 1);
  assert.ok(d.kind === 'network' && d.layers[0].args[0].value?.kind === 'call' && d.layers[0].args[0].value.callee.name === 'conv2d');
  assert.ok(o.kind === 'setting' && o.target?.name === 'generator' && o.variant?.name === 'adam' && o.args.length === 2);
});

test.run();
