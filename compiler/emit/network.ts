import { StructureKind, type CodeBlockWriter, type FunctionDeclarationStructure } from 'ts-morph';
import type { LayerIR, NetworkIR } from '../ir.js';
import { groupDigits, numberLiteral, propertyKey, stringLiteral, valueLiteral } from '../lowering/literal.js';
import { isChain, type TfjsArgument, type TfjsNode } from '../lowering/tfjs.js';
import { formatShape } from '../shape.js';
import { commentText } from './comment.js';
import type { EmitContext } from './context.js';

/** Layer factories the emitted code may call: TF.js layers, or the runtime's (imported as `gan`). */
const factoryName = /^(tf\.layers|gan)\.[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Names a node may give its output. */
const variableName = /^[a-z][A-Za-z0-9]*$/;

const roles = {
  generator: { functionName: 'buildGenerator', input: 'latent' },
  discriminator: { functionName: 'buildDiscriminator', input: 'images' },
} as const;

/**
 * `buildGenerator()` / `buildDiscriminator()`: a `tf.sequential` when every layer is a chain,
 * else a functional model (a layer reads the labels); each layer after its spec line and
 * output shape.
 */
export function networkBuilder(network: NetworkIR, context: EmitContext): FunctionDeclarationStructure {
  const role = roles[network.role];
  const { trainable, nonTrainable } = network.parameters;
  const sequential = network.layers.every((layer) => isChain(layer.tfjs));
  return {
    kind: StructureKind.Function,
    name: role.functionName,
    returnType: sequential ? 'tf.Sequential' : 'tf.LayersModel',
    docs: [
      `${commentText(network.name)}: ${role.input} ${formatShape(network.inputShape)}` +
        `${network.conditional ? ' and class labels [batch, 1]' : ''} -> ${formatShape(network.outputShape)}; ` +
        `${groupDigits(trainable)} trainable and ${groupDigits(nonTrainable)} non-trainable parameters.\n` +
        `From ${context.cite(network.origin)}`,
    ],
    statements: (writer) => (sequential ? writeSequential(writer, network, context) : writeFunctional(writer, network, context)),
  };
}

function writeSequential(writer: CodeBlockWriter, network: NetworkIR, context: EmitContext): void {
  writer.write('return tf.sequential(').inlineBlock(() => {
    writer.writeLine(`name: ${stringLiteral(network.name)},`);
    writer.write('layers: [').newLine();
    writer.indent(() => {
      writer.writeLine(`tf.layers.inputLayer({ inputShape: ${shapeLiteral(network.inputShape)} }),`);
      for (const layer of network.layers) {
        writer.writeLine(`// ${layerComment(layer, context)}`);
        for (const node of layer.tfjs) {
          writeWhy(writer, node);
          writer.writeLine(`${layerCall(node)},`);
        }
      }
    });
    writer.writeLine('],');
  });
  writer.write(');');
}

function writeFunctional(writer: CodeBlockWriter, network: NetworkIR, context: EmitContext): void {
  const input = roles[network.role].input;
  writer.writeLine(`const ${input} = tf.input({ shape: ${shapeLiteral(network.inputShape)} });`);
  if (network.conditional) {
    writer.writeLine(`// The class label of each example, an integer in [0, ${context.ir.data.classes}).`);
    writer.writeLine(`const labels = tf.input({ shape: [1], dtype: 'int32' });`);
  }
  writer.writeLine(`let x: tf.SymbolicTensor = ${input};`);
  const names = new Set<string>();
  for (const layer of network.layers) {
    writer.writeLine(`// ${layerComment(layer, context)}`);
    writeFunctionalLayer(writer, layer.tfjs, names);
  }
  const inputs = network.conditional ? `[${input}, labels]` : input;
  writer.writeLine(`return tf.model({ inputs: ${inputs}, outputs: x, name: ${stringLiteral(network.name)} });`);
}

/**
 * One layer's nodes as statements. Outputs run through `x` as in a chain, unless a later node
 * still reads the layer's input `x`: then the nodes before it get a `const` (named as the node
 * asks, numbered when the name is taken). The last node's output is the new `x`.
 */
function writeFunctionalLayer(writer: CodeBlockWriter, nodes: readonly TfjsNode[], names: Set<string>): void {
  const outputs: string[] = [];
  const lastInputRead = nodes.reduce((last, node, i) => ((node.args ?? []).includes('x') ? i : last), -1);
  nodes.forEach((node, i) => {
    const args = (node.args ?? [i === 0 ? 'x' : i - 1]).map((arg) => argumentName(arg, outputs));
    const call = `${layerCall(node)}.apply(${args.length === 1 ? args[0] : `[${args.join(', ')}]`}) as tf.SymbolicTensor`;
    writeWhy(writer, node);
    if (i === nodes.length - 1 || i >= lastInputRead) {
      writer.writeLine(`x = ${call};`);
      outputs.push('x');
    } else {
      const name = freshName(node.as ?? 'y', names);
      writer.writeLine(`const ${name} = ${call};`);
      outputs.push(name);
    }
  });
}

function argumentName(arg: TfjsArgument, outputs: readonly string[]): string {
  if (typeof arg !== 'number') return arg;
  const name = outputs[arg];
  if (name === undefined) throw new Error(`emitter: a layer node reads node ${arg}, which comes after it`);
  // An output kept in `x` lasts only until the next node writes `x`.
  if (name === 'x' && arg !== outputs.length - 1) throw new Error(`emitter: a layer node reads node ${arg}, whose output a later node replaced`);
  return name;
}

function freshName(wanted: string, names: Set<string>): string {
  if (!variableName.test(wanted)) throw new Error(`emitter: '${wanted}' is not a name a layer node may give its output`);
  let name = wanted;
  for (let n = 2; names.has(name); n++) name = `${wanted}${n}`;
  names.add(name);
  return name;
}

function layerComment(layer: LayerIR, context: EmitContext): string {
  return `${context.cite(layer.origin)} -> ${formatShape(layer.outputShape)}`;
}

function writeWhy(writer: CodeBlockWriter, node: TfjsNode): void {
  if (node.why !== undefined) writer.writeLine(`// ${commentText(node.why)}`);
}

/** Calls longer than this put one option per line. */
const longestCall = 100;

function layerCall(node: TfjsNode): string {
  if (!factoryName.test(node.factory)) {
    throw new Error(`emitter: layer factory '${node.factory}' is neither tf.layers.<name> nor gan.<name>`);
  }
  const entries = Object.entries(node.config);
  const oneLine = `${node.factory}(${entries.length === 0 ? '' : valueLiteral(node.config)})`;
  if (oneLine.length <= longestCall) return oneLine;
  // The formatter indents the lines; one option each keeps a long call readable.
  return `${node.factory}({\n${entries.map(([key, value]) => `${propertyKey(key)}: ${valueLiteral(value)},`).join('\n')}\n})`;
}

function shapeLiteral(shape: readonly number[]): string {
  return `[${shape.map(numberLiteral).join(', ')}]`;
}
