import { StructureKind, type FunctionDeclarationStructure } from 'ts-morph';
import type { LearningRateScheduleIR, OptimizerIR } from '../ir.js';
import type { EmitContext } from './context.js';
import { numberLiteral as n, valueLiteral } from './literal.js';

/** The TF.js optimizer an optimizer statement becomes, at its base learning rate. */
function optimizerCall(optimizer: OptimizerIR): string {
  switch (optimizer.kind) {
    case 'adam':
      return `tf.train.adam(${n(optimizer.lr)}, ${n(optimizer.beta1)}, ${n(optimizer.beta2)}, ${n(optimizer.epsilon)})`;
    case 'sgd':
      return optimizer.momentum === 0 ? `tf.train.sgd(${n(optimizer.lr)})` : `tf.train.momentum(${n(optimizer.lr)}, ${n(optimizer.momentum)})`;
    case 'rmsprop':
      return `tf.train.rmsprop(${n(optimizer.lr)}, ${n(optimizer.decay)}, ${n(optimizer.momentum)}, ${n(optimizer.epsilon)})`;
  }
}

/** `makeOptimizers()`: one optimizer per network; the runtime applies the schedules per epoch. */
export function makeOptimizersFunction(context: EmitContext): FunctionDeclarationStructure {
  const { generator, discriminator } = context.ir.optimizers;
  return {
    kind: StructureKind.Function,
    name: 'makeOptimizers',
    docs: ['One optimizer per network, at its base learning rate (the runtime applies `learningRates` per epoch).'],
    returnType: 'gan.Optimizers',
    statements: (writer) => {
      writer.write('return ').inlineBlock(() => {
        writer.writeLine(`// ${context.cite(generator.origin)}`);
        writer.writeLine(`generator: ${optimizerCall(generator)},`);
        writer.writeLine(`// ${context.cite(discriminator.origin)}`);
        writer.writeLine(`discriminator: ${optimizerCall(discriminator)},`);
      });
      writer.write(';');
    },
  };
}

function scheduleLiteral(schedule: LearningRateScheduleIR): string {
  switch (schedule.kind) {
    case 'constant':
      return valueLiteral({ kind: 'constant' });
    case 'step':
      return valueLiteral({ kind: 'step', every: schedule.every, gamma: schedule.gamma });
    case 'exponential':
      return valueLiteral({ kind: 'exponential', gamma: schedule.gamma });
    case 'linear':
      return valueLiteral({ kind: 'linear', endFactor: schedule.endFactor });
  }
}

/** `{ base, schedule }` of one network's learning rate, as `TrainerProgram.learningRates` holds it. */
export function learningRateLiteral(optimizer: OptimizerIR): string {
  return `{ base: ${n(optimizer.lr)}, schedule: ${scheduleLiteral(optimizer.schedule)} }`;
}
