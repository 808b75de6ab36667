import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LayerKind } from '../../compiler/layers/kind.js';
import { layerKind, layerKinds } from '../../compiler/layers/registry.js';
import { ajv, call, defaulted, kindNamed, validatorFor } from './stack.js';

function errorsFor(kind: string, options: Record<string, unknown>) {
  const validate = validatorFor(kindNamed(kind));
  assert.not.ok(validate(structuredClone(options)), `${kind} accepted ${JSON.stringify(options)}`);
  return validate.errors ?? [];
}

/** Every layer kind that a file of compiler/layers/ exports: what the registry must list. */
function exportedKinds(): LayerKind[] {
  const folder = join(__dirname, '..', '..', 'compiler', 'layers');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => Object.values(require(join(folder, file)) as Record<string, unknown>))
    .filter((value): value is LayerKind => typeof value === 'object' && value !== null && 'outputShape' in value && 'tfjs' in value);
}

test('the registry holds every layer kind a file exports, each under its own name', () => {
  const exported = exportedKinds();
  assert.ok(exported.length > 10, `found ${exported.length} kinds`);
  assert.equal(exported.map((kind) => kind.name).sort(), [...layerKinds.keys()].sort());
  for (const [name, kind] of layerKinds) {
    assert.is(kind.name, name);
    assert.is(layerKind(name), kind);
    assert.ok(/^[a-z][a-z0-9_]*$/.test(name), `${name} is a spec identifier`);
    assert.ok(kind.summary.length > 0, `${name} has a summary`);
  }
  assert.is(layerKind('dense2'), undefined);
});

test('every schema compiles under ajv strict mode and names its positional options', () => {
  for (const kind of layerKinds.values()) {
    const schema = kind.schema as { additionalProperties: unknown; properties: Record<string, unknown> };
    validatorFor(kind);
    assert.is(schema.additionalProperties, false, kind.name);
    for (const name of kind.positional) {
      assert.ok(name.replace(/^\.\.\./, '') in schema.properties, `${kind.name} positional ${name}`);
    }
  }
});

test('defaults are applied as the checker applies them', () => {
  assert.equal(defaulted(call('conv2d', { filters: 8 })), { filters: 8, kernel: 3, stride: 1, padding: 0, bias: true });
  assert.equal(defaulted(call('conv2d_transpose', { filters: 8 })), {
    filters: 8, kernel: 3, stride: 1, padding: 0, output_padding: 0, bias: true,
  });
  assert.equal(defaulted(call('dense', { units: 4 })), { units: 4, bias: true });
  assert.equal(defaulted(call('batch_norm')), { momentum: 0.9, eps: 1e-5 });
  assert.equal(defaulted(call('layer_norm')), { eps: 1e-5 });
  assert.equal(defaulted(call('leaky_relu')), { alpha: 0.2 });
  assert.equal(defaulted(call('upsample')), { scale: 2 });
  assert.equal(defaulted(call('spectral_norm', { layer: call('dense', { units: 3 }) })), {
    layer: { kind: 'dense', options: { units: 3, bias: true } },
    iterations: 1,
  });
});

test('int-or-pair and padding options take both spellings', () => {
  assert.ok(validatorFor(kindNamed('conv2d'))({ filters: 1, kernel: [3, 5], stride: [1, 2], padding: [0, 1] }));
  assert.ok(validatorFor(kindNamed('conv2d'))({ filters: 1, padding: 'same' }));
  assert.ok(validatorFor(kindNamed('conv2d'))({ filters: 1, padding: 'valid' }));
});

test('dropout rate 1 is out of range, stated as an exclusive maximum', () => {
  const errors = errorsFor('dropout', { rate: 1 });
  const bound = errors.find((e) => e.keyword === 'exclusiveMaximum');
  assert.ok(bound);
  assert.equal(bound.params, { comparison: '<', limit: 1 });
  assert.is(bound.instancePath, '/rate');
  assert.ok(validatorFor(kindNamed('dropout'))({ rate: 0 }));
  assert.is(errorsFor('dropout', { rate: -0.1 })[0].keyword, 'minimum');
});

test('an unknown padding word lists the allowed values', () => {
  const errors = errorsFor('conv2d', { filters: 4, padding: 'full' });
  const choice = errors.find((e) => e.keyword === 'enum');
  assert.ok(choice);
  assert.equal(choice.params, { allowedValues: ['same', 'valid'] });
  assert.match(ajv.errorsText(errors), 'must be equal to one of the allowed values');
});

test('ranges and unknown options are refused', () => {
  assert.is(errorsFor('dense', { units: 0 })[0].keyword, 'minimum');
  assert.is(errorsFor('dense', { units: 2.5 })[0].keyword, 'type');
  assert.equal(errorsFor('dense', { units: 4, activation: 'relu' })[0].params, { additionalProperty: 'activation' });
  assert.is(errorsFor('dense', {})[0].keyword, 'required');
  assert.ok(errorsFor('conv2d', { filters: 4, kernel: [3, 3, 3] }).some((e) => e.keyword === 'maxItems'));
  assert.ok(errorsFor('conv2d', { filters: 4, stride: 0 }).some((e) => e.keyword === 'minimum'));
  assert.ok(errorsFor('conv2d_transpose', { filters: 4, output_padding: -1 }).some((e) => e.keyword === 'minimum'));
  assert.is(errorsFor('batch_norm', { eps: 0 })[0].keyword, 'exclusiveMinimum');
  assert.is(errorsFor('reshape', { shape: [7, 0] })[0].keyword, 'minimum');
  assert.is(errorsFor('reshape', { shape: [] })[0].keyword, 'minItems');
  assert.is(errorsFor('label_embed', { size: 0 })[0].keyword, 'minimum');
  assert.is(errorsFor('spectral_norm', { layer: { kind: 'dense', options: {} }, iterations: 0 })[0].keyword, 'minimum');
  assert.is(errorsFor('relu', { alpha: 0.1 })[0].keyword, 'additionalProperties');
});

test.run();
