import { StructureKind, type CodeBlockWriter, type FunctionDeclarationStructure } from 'ts-morph';
import type { EmittedOp } from '../layers/kind.js';
import type { LayerIR, NetworkIR } from '../ir.js';
import { formatShape } from '../shape.js';
import { commentText } from './comment.js';
import type { EmitContext } from './context.js';
import { groupDigits, numberLiteral, stringLiteral, valueLiteral } from './literal.js';

/** Layer factories the emitted code may call: TF.js layers, or the runtime's (imported as `gan`). */
const factoryName = /^(tf\.layers|gan)\.[A-Za-z_$][A-Za-z0-9_$]*$/;

const roles = {
  generator: { functionName: 'buildGenerator', input: 'latent' },
  discriminator: { functionName: 'buildDiscriminator', input: 'images' },
} as const;

/**
 * `buildGenerator()` / `buildDiscriminator()`: a TF.js functional model, one statement per
 * emitted op, each layer preceded by its spec line and output shape.
 */
export function networkBuilder(network: NetworkIR, context: EmitContext): FunctionDeclarationStructure {
  const role = roles[network.role];
  const inputs = network.conditional ? `[${role.input}, labels]` : role.input;
  const { trainable, nonTrainable } = network.parameters;
  return {
    kind: StructureKind.Function,
    name: role.functionName,
    returnType: 'tf.LayersModel',
    docs: [
      `${commentText(network.name)}: ${role.input} ${formatShape(network.inputShape)}` +
        `${network.conditional ? ' and class labels [batch, 1]' : ''} -> ${formatShape(network.outputShape)}; ` +
        `${groupDigits(trainable)} trainable and ${groupDigits(nonTrainable)} non-trainable parameters.\n` +
        `From ${context.cite(network.origin)}`,
    ],
    statements: (writer) => {
      writer.writeLine(`const ${role.input} = tf.input({ shape: ${shapeLiteral(network.inputShape)} });`);
      if (network.conditional) {
        writer.writeLine(`// The class label of each example, an integer in [0, ${context.ir.data.classes}).`);
        writer.writeLine(`const labels = tf.input({ shape: [1], dtype: 'int32' });`);
      }
      writer.writeLine(`let x: tf.SymbolicTensor = ${role.input};`);
      const labelJoins = { count: 0 };
      for (const layer of network.layers) writeLayer(writer, layer, context, labelJoins);
      writer.writeLine(`return tf.model({ inputs: ${inputs}, outputs: x, name: ${stringLiteral(network.name)} });`);
    },
  };
}

function writeLayer(writer: CodeBlockWriter, layer: LayerIR, context: EmitContext, labelJoins: { count: number }): void {
  writer.writeLine(`// ${context.cite(layer.origin)} -> ${formatShape(layer.outputShape)}`);
  for (const op of layer.emitted) {
    if (op.op === 'layer') writer.writeLine(`x = ${layerCall(op)}.apply(x) as tf.SymbolicTensor;`);
    else writeLabelJoin(writer, op, ++labelJoins.count);
  }
}

function layerCall(op: Extract<EmittedOp, { op: 'layer' }>): string {
  if (!factoryName.test(op.factory)) {
    throw new Error(`emitter: layer factory '${op.factory}' is neither tf.layers.<name> nor gan.<name>`);
  }
  return `${op.factory}(${Object.keys(op.config).length === 0 ? '' : valueLiteral(op.config)})`;
}

/** The label input, embedded, shaped like `x` on all axes but the last, and joined on the last axis. */
function writeLabelJoin(writer: CodeBlockWriter, op: Extract<EmittedOp, { op: 'joinLabel' }>, index: number): void {
  const suffix = index === 1 ? '' : String(index);
  const embedded = `embedded${suffix}`;
  const label = `label${suffix}`;
  const embedding = valueLiteral({ inputDim: op.classes, outputDim: op.embeddingSize });
  writer.writeLine(`const ${embedded} = tf.layers.embedding(${embedding}).apply(labels) as tf.SymbolicTensor;`);
  const shaping = op.reshape ? `tf.layers.reshape({ targetShape: ${shapeLiteral(op.reshape)} })` : 'tf.layers.flatten()';
  writer.writeLine(`const ${label} = ${shaping}.apply(${embedded}) as tf.SymbolicTensor;`);
  writer.writeLine(`x = tf.layers.concatenate().apply([x, ${label}]) as tf.SymbolicTensor;`);
}

function shapeLiteral(shape: readonly number[]): string {
  return `[${shape.map(numberLiteral).join(', ')}]`;
}
