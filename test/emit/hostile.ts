import type { Origin, SpecIR } from '../../compiler/ir.js';
import { fixtureIR } from './fixture-ir.js';

/**
 * Text that would break out of a naive literal or comment: quotes of every kind, `${`, a
 * backslash, `*\/`, every kind of line break (each followed by code), controls, non-ASCII and
 * lone surrogates. Were any of it to escape, `BREAKOUT` would appear in the file as code.
 */
export const hostile =
  'it\'s "q" `t` ${x} \\ */ BREAKOUT(); /* \n BREAKOUT(); \r\n BREAKOUT(); \r BREAKOUT(); \u2028 BREAKOUT(); \u2029 BREAKOUT(); ' +
  '\u0000\u001b\u007f\u0085 é 中文 😀 lone \ud800 and \udc00 end';

/** The fixture with hostile text in every free-text field the emitter writes. */
export function hostileIR(): SpecIR {
  const ir = fixtureIR({ conditional: true });
  const origin = (o: Origin): Origin => ({ line: o.line, text: `${o.text} ${hostile}` });
  return {
    ...ir,
    name: hostile,
    title: hostile,
    sourcePath: `specs/${hostile}.gan`,
    data: { ...ir.data, path: hostile, origin: origin(ir.data.origin) },
    latent: { ...ir.latent, origin: origin(ir.latent.origin) },
    generator: { ...ir.generator, name: hostile, origin: origin(ir.generator.origin), layers: ir.generator.layers.map((l) => ({ ...l, origin: origin(l.origin) })) },
    discriminator: { ...ir.discriminator, name: hostile, origin: origin(ir.discriminator.origin), layers: ir.discriminator.layers.map((l) => ({ ...l, origin: origin(l.origin) })) },
    loss: { ...ir.loss, origin: origin(ir.loss.origin) },
    optimizers: {
      generator: { ...ir.optimizers.generator, origin: origin(ir.optimizers.generator.origin) },
      discriminator: { ...ir.optimizers.discriminator, origin: origin(ir.optimizers.discriminator.origin) },
    },
    train: { ...ir.train, origin: origin(ir.train.origin) },
    samples: { ...ir.samples, origin: { line: 40, text: hostile } },
    checkpoint: { ...ir.checkpoint, origin: { line: 41, text: hostile } },
  };
}
