import { StructureKind, type FunctionDeclarationStructure } from 'ts-morph';
import type { EmitContext } from './context.js';

/** `makeOptimizers()`: one optimizer per network, at its base learning rate; the runtime applies the schedules per epoch. */
export function makeOptimizersFunction(context: EmitContext): FunctionDeclarationStructure {
  const { generator, discriminator } = context.ir.optimizers;
  return {
    kind: StructureKind.Function,
    name: 'makeOptimizers',
    docs: ['One optimizer per network, at its base learning rate (the runtime applies the spec\'s schedules per epoch).'],
    returnType: 'gan.Optimizers',
    statements: (writer) => {
      writer.write('return ').inlineBlock(() => {
        writer.writeLine(`// ${context.cite(generator.origin)}`);
        writer.writeLine(`generator: ${generator.tfjs},`);
        writer.writeLine(`// ${context.cite(discriminator.origin)}`);
        writer.writeLine(`discriminator: ${discriminator.tfjs},`);
      });
      writer.write(';');
    },
  };
}
