import type { Graph, Op } from './ir.js';
import { formatDim, formatShape } from './shape.js';

/**
 * The IR as text, one op per line, for `ganc compile --emit graph` and for reading what a
 * pass did:
 *
 *     %12 = matmul(%3, %G.dense_1.kernel) : f32[B, 256]    # D step 1/G/dense_1
 *
 * Weights print by name (`@1` marks the value after one update), inputs and state by name.
 */
export function printGraph(graph: Graph): string {
  const names = nodeNames(graph);
  const lines: string[] = [];
  lines.push(`# ${graph.nodes.length} nodes`);
  for (const slot of graph.slots) lines.push(`# slot ${slot.name} : f32${formatShape(slot.shape)} (${slot.role}${slot.initial === undefined ? '' : `, starts at ${slot.initial}`})`);
  for (const node of graph.nodes) {
    const head = `${names[node.id]} = ${describe(node.op, node.inputs.map((i) => names[i]))} : ${node.dtype}${formatShape(node.shape)}`;
    lines.push(node.site ? `${head.padEnd(72)}  # ${node.site}` : head);
  }
  for (const output of graph.outputs) lines.push(`output ${output.name} = ${names[output.node]}`);
  for (const [slot, versions] of Object.entries(graph.versions)) {
    if (versions.length > 1) lines.push(`write ${slot} <- ${versions.slice(1).map((v) => names[v]).join(', then ')}`);
  }
  return lines.join('\n') + '\n';
}

function nodeNames(graph: Graph): string[] {
  const names = graph.nodes.map((n) => `%${n.id}`);
  const versionOf = new Map<number, number>();
  for (const versions of Object.values(graph.versions)) versions.forEach((v, i) => versionOf.set(v, i));
  const seen = new Map<string, number>();
  const unique = (base: string) => {
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}#${count}`;
  };
  for (const node of graph.nodes) {
    if (node.op.kind === 'param') {
      const version = versionOf.get(node.inputs[0]) ?? 0;
      names[node.id] = unique(`%${node.op.name}${version > 0 ? `@${version}` : ''}`);
    } else if (node.op.kind === 'state') {
      names[node.id] = unique(`%${node.op.slot.replace(/\//g, '.')}`);
    } else if (node.op.kind === 'input') {
      names[node.id] = unique(`%${node.op.name.replace(/\//g, '.')}`);
    }
  }
  return names;
}

function describe(op: Op, args: string[]): string {
  const call = (name: string, extra: string[] = []) => `${name}(${[...args, ...extra].join(', ')})`;
  switch (op.kind) {
    case 'input':
      return `input '${op.name}'`;
    case 'state':
      return `state '${op.slot}'`;
    case 'scalar':
      return `scalar '${op.name}'`;
    case 'constant':
      return `const ${op.value}`;
    case 'count':
      return `count ${op.count.perBatch ? `${op.count.perBatch}*B${op.count.fixed ? ` + ${op.count.fixed}` : ''}` : op.count.fixed}`;
    case 'random':
      return `random ${op.distribution} '${op.site}'`;
    case 'unary':
      return call(op.fn);
    case 'leakyRelu':
      return call('leaky_relu', [`alpha=${op.alpha}`]);
    case 'binary':
    case 'compare':
      return call(op.fn);
    case 'select':
    case 'cast':
    case 'reshape':
    case 'broadcast':
    case 'gather':
    case 'stopGradient':
      return call(op.kind);
    case 'clamp':
      return call('clamp', [`${op.min}`, `${op.max}`]);
    case 'reduce':
      return call(op.fn, [`axes=[${op.axes.join(', ')}]`]);
    case 'param':
      return call('param', [`offset=${op.offset}`]);
    case 'transpose':
      return call('transpose', [`perm=[${op.perm.join(', ')}]`]);
    case 'pad':
      return call('pad', [`[${op.before.map((d, i) => `${formatDim(d)}:${formatDim(op.after[i])}`).join(', ')}]`]);
    case 'slice':
      return call('slice', [`begin=[${op.begin.map(formatDim).join(', ')}]`]);
    case 'concat':
      return call('concat', [`axis=${op.axis}`]);
    case 'matmul':
      return call('matmul', [...(op.transposeA ? ['transposeA'] : []), ...(op.transposeB ? ['transposeB'] : [])]);
    case 'conv2d':
    case 'conv2dBackpropInput':
    case 'conv2dBackpropFilter':
      return call(op.kind, [`strides=[${op.strides.join(', ')}]`, `pads=[${op.pads.join(', ')}]`]);
    case 'avgPool':
    case 'avgPoolBackprop':
      return call(op.kind === 'avgPool' ? 'avg_pool' : 'avg_pool_backprop', [`window=[${op.window.join(', ')}]`, `strides=[${op.strides.join(', ')}]`, `pads=[${op.pads.join(', ')}]`]);
    case 'segmentSum':
      return call('segment_sum', [`segments=${op.segments}`]);
  }
}

