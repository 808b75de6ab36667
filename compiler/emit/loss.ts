import { StructureKind, type FunctionDeclarationStructure } from 'ts-morph';
import type { LossCode } from '../losses/kind.js';
import type { EmitContext } from './context.js';

/**
 * `discriminatorLoss(...)` and `generatorLoss(...)`, as the loss's registry entry writes them in
 * plain tf ops. What D's step adds (a gradient penalty, weight clipping) belongs to the step.
 */
export function lossFunctions(context: EmitContext): FunctionDeclarationStructure[] {
  const { loss } = context.ir;
  const cite = context.cite(loss.origin);
  const helpers = loss.helpers.map(
    (helper): FunctionDeclarationStructure => ({
      kind: StructureKind.Function,
      name: helper.name,
      docs: [helper.doc],
      parameters: helper.parameters.map((p) => ({ ...p })),
      returnType: helper.returnType,
      statements: [...helper.statements],
    }),
  );
  return [
    ...helpers,
    lossFunction('discriminatorLoss', `D's loss: ${loss.discriminatorLoss.summary}.\nFrom ${cite}`, loss.discriminatorLoss),
    lossFunction('generatorLoss', `G's loss: ${loss.generatorLoss.summary}.\nFrom ${cite}`, loss.generatorLoss),
  ];
}

function lossFunction(name: string, doc: string, code: LossCode): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    name,
    docs: [doc],
    parameters: code.reads.map((input) => ({ name: input, type: 'tf.Tensor' })),
    returnType: 'tf.Scalar',
    statements: [...code.statements],
  };
}
