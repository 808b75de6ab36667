import { StructureKind, VariableDeclarationKind, type CodeBlockWriter, type StatementStructures } from 'ts-morph';
import { stringLiteral, valueLiteral, type ConfigValue } from '../lowering/literal.js';
import type { EmitContext } from './context.js';

/** A part of the IR as the runtime's type holds it: without its origin, without absent fields. */
function runtimeValue(part: object): ConfigValue {
  const { origin: _origin, ...value } = part as { origin?: unknown };
  return JSON.parse(JSON.stringify(value)) as ConfigValue;
}

/**
 * `const program: gan.TrainerProgram = { spec: { ... }, buildGenerator, ... }`: the spec's facts
 * as the runtime's `RunSpec`, each after the spec line it comes from.
 */
export function programStatement(context: EmitContext): StatementStructures {
  const { ir, cite } = context;
  const property = (writer: CodeBlockWriter, key: string, value: string, comment?: string) => {
    if (comment !== undefined) writer.writeLine(`// ${comment}`);
    writer.writeLine(`${key}: ${value},`);
  };
  const { generator, discriminator } = ir.optimizers;
  return {
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [
      {
        name: 'program',
        type: 'gan.TrainerProgram',
        initializer: (writer) =>
          writer.inlineBlock(() => {
            writer.write('spec: ').inlineBlock(() => {
              property(writer, 'name', stringLiteral(ir.name));
              property(writer, 'title', stringLiteral(ir.title));
              property(writer, 'specPath', stringLiteral(ir.sourcePath));
              property(writer, 'data', valueLiteral(runtimeValue(ir.data)), cite(ir.data.origin));
              property(writer, 'latent', valueLiteral(runtimeValue(ir.latent)), cite(ir.latent.origin));
              property(writer, 'scores', stringLiteral(ir.loss.scores), cite(ir.loss.origin));
              writer.write('learningRates: ').inlineBlock(() => {
                property(writer, 'generator', valueLiteral(runtimeValue(generator.learningRate)), cite(generator.origin));
                property(writer, 'discriminator', valueLiteral(runtimeValue(discriminator.learningRate)), cite(discriminator.origin));
              });
              writer.write(',').newLine();
              property(writer, 'schedule', valueLiteral(runtimeValue(ir.train)), cite(ir.train.origin));
              property(writer, 'samples', valueLiteral(runtimeValue(ir.samples)), cite(ir.samples.origin));
              property(writer, 'checkpoint', valueLiteral(runtimeValue(ir.checkpoint)), cite(ir.checkpoint.origin));
            });
            writer.write(',').newLine();
            writer.writeLine('buildGenerator,');
            writer.writeLine('buildDiscriminator,');
            writer.writeLine('makeOptimizers,');
            writer.writeLine('trainStep,');
          }),
      },
    ],
  };
}

/** Hands the program to the runtime, which reads the trainer's flags from the command line. */
export function runStatement(): (writer: CodeBlockWriter) => void {
  return (writer) => {
    writer.blankLineIfLastNot();
    writer.write('gan.runTrainer(program, process.argv.slice(2));');
  };
}
