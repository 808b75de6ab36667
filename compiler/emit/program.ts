import { StructureKind, VariableDeclarationKind, type CodeBlockWriter, type StatementStructures } from 'ts-morph';
import type { ConfigValue } from '../layers/kind.js';
import type { DataIR, LatentIR } from '../ir.js';
import type { EmitContext } from './context.js';
import { stringLiteral, valueLiteral } from './literal.js';
import { learningRateLiteral } from './optimizer.js';
import { scoreReading } from './scores.js';

/** The data facts the runtime reads (`DataSpec`); optional ones only when the spec has them. */
function dataSpec(data: DataIR): ConfigValue {
  return {
    source: data.source,
    ...(data.path === undefined ? {} : { path: data.path }),
    range: data.range,
    batchSize: data.batchSize,
    shuffle: data.shuffle,
    labels: data.labels,
    classes: data.classes,
    shape: data.shape,
    ...(data.resize === undefined ? {} : { resize: data.resize }),
    ...(data.crop === undefined ? {} : { crop: data.crop }),
    flips: data.flips,
  };
}

function latentSpec(latent: LatentIR): ConfigValue {
  return latent.distribution === 'normal'
    ? { size: latent.size, distribution: 'normal', mean: latent.mean, stddev: latent.stddev }
    : { size: latent.size, distribution: 'uniform', low: latent.low, high: latent.high };
}

/** `const program: gan.TrainerProgram = { ... }`, each part after the spec line it comes from. */
export function programStatement(context: EmitContext): StatementStructures {
  const { ir, cite } = context;
  const property = (writer: CodeBlockWriter, key: string, value: string, comment?: string) => {
    if (comment !== undefined) writer.writeLine(`// ${comment}`);
    writer.writeLine(`${key}: ${value},`);
  };
  return {
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [
      {
        name: 'program',
        type: 'gan.TrainerProgram',
        initializer: (writer) =>
          writer.inlineBlock(() => {
            property(writer, 'name', stringLiteral(ir.name));
            property(writer, 'title', stringLiteral(ir.title));
            property(writer, 'specPath', stringLiteral(ir.sourcePath));
            property(writer, 'data', valueLiteral(dataSpec(ir.data)), cite(ir.data.origin));
            property(writer, 'latent', valueLiteral(latentSpec(ir.latent)), cite(ir.latent.origin));
            property(writer, 'conditional', String(ir.generator.conditional || ir.discriminator.conditional));
            writer.writeLine('buildGenerator,');
            writer.writeLine('buildDiscriminator,');
            writer.writeLine('makeOptimizers,');
            writer.write('learningRates: ').inlineBlock(() => {
              property(writer, 'generator', learningRateLiteral(ir.optimizers.generator));
              property(writer, 'discriminator', learningRateLiteral(ir.optimizers.discriminator));
            });
            writer.write(',').newLine();
            property(writer, 'scores', stringLiteral(scoreReading(ir.loss)), cite(ir.loss.origin));
            writer.writeLine('trainStep,');
            const { epochs, dSteps, updates, seed, logEvery } = ir.train;
            property(writer, 'schedule', valueLiteral({ epochs, dSteps, updates, seed, logEvery }), cite(ir.train.origin));
            const { count, rows, cols, everyEpochs } = ir.samples;
            property(writer, 'samples', valueLiteral({ count, rows, cols, everyEpochs }), cite(ir.samples.origin));
            property(writer, 'checkpoint', valueLiteral({ everyEpochs: ir.checkpoint.everyEpochs }), cite(ir.checkpoint.origin));
          }),
      },
    ],
  };
}

/** Hands the program to the runtime; a failed run prints its reason and exits with status 1. */
export function runStatement(): (writer: CodeBlockWriter) => void {
  return (writer) => {
    writer.blankLineIfLastNot();
    writer.write('gan.runTrainer(program, process.argv.slice(2)).catch((error: unknown) => ').inlineBlock(() => {
      writer.writeLine('console.error(error instanceof Error ? error.message : String(error));');
      writer.writeLine('process.exitCode = 1;');
    });
    writer.write(');');
  };
}
