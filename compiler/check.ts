import { basename } from 'node:path';
import type { SpecFile } from '../grammar/ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors, inReadingOrder } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/span.js';
import { diagnostic } from '../diagnostics/make.js';
import type { SpecIR } from './ir.js';
import type { Shape } from './shape.js';
import { Evaluator } from './evaluate.js';
import { checkImageCrop } from './image-crop.js';
import { lowerSpec } from './lower.js';
import { checkMeaning } from './meaning.js';
import type { OptionContext } from './options.js';
import { specStart, resolveStatements, type Role, type SpecStatements } from './resolve.js';
import { checkSetting, defaultSetting, type CheckedSetting } from './settings-check.js';
import { dataClasses, dataShape } from './settings/data.js';
import { settingsKinds } from './settings/index.js';
import { defaultFramework, type Framework } from './frameworks.js';
import { checkNetworkOptions, type OptionedNetwork } from './layer-options.js';
import { checkDiscriminatorOutput, checkGeneratorOutput, shapeNetwork, type CheckedNetwork } from './shapes.js';
import { summarize, type NetworkSummary } from './summary.js';

export interface CheckResult {
  diagnostics: Diagnostic[];
  /** Present only when there are no errors. */
  ir?: SpecIR;
  /** One per network whose shapes could all be inferred, even when other parts have errors. */
  summaries: NetworkSummary[];
}

/** The spec's name: its file name without `.gan`. */
export function specName(path: string): string {
  return basename(path).replace(/\.gan$/, '');
}

/**
 * Checks a parsed (possibly recovered) spec: names, options, shapes and meaning, reporting
 * every problem found; lowers it to IR when there are none. Missing parts are skipped.
 */
export function checkSpec(spec: SpecFile, source: SourceFile, options: { lower: boolean }): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const statements = resolveStatements(spec, diagnostics);
  const evaluator = new Evaluator(statements.constants, diagnostics);
  evaluator.evaluateAllConstants();
  // The phases in order: options (the framework first, whose defaults the other options take;
  // then the settings, then the layers), shapes, meaning; lowering when clean.
  const framework = checkFramework(statements, { evaluator, diagnostics, framework: defaultFramework });
  const context: OptionContext = { evaluator, diagnostics, framework };
  const settings = checkSettings(statements, spec, context);
  const optioned = {
    generator: statements.networks.generator && checkNetworkOptions(statements.networks.generator, context),
    discriminator: statements.networks.discriminator && checkNetworkOptions(statements.networks.discriminator, context),
  };
  const networks = shapeNetworks(optioned, settings, context);
  checkMeaning({ ...settings, ...networks }, diagnostics);
  reportUnusedConstants(statements, evaluator, diagnostics);

  const summaries = [networks.generator, networks.discriminator]
    .map((network) => (network === undefined ? undefined : summarize(network, source)))
    .filter((summary): summary is NetworkSummary => summary !== undefined);
  const clean = options.lower && !hasErrors(diagnostics);
  return { diagnostics: inReadingOrder(diagnostics), summaries, ir: clean ? lower(spec, source, statements, settings, networks) : undefined };
}

/** The framework the spec declares (`framework keras`), or the default. */
function checkFramework(statements: SpecStatements, context: OptionContext): Framework {
  const statement = statements.settings.framework;
  const checked = statement === undefined ? undefined : checkSetting(settingsKinds.framework, statement, context);
  return (checked?.variant as Framework | undefined) ?? defaultFramework;
}

interface CheckedSettings {
  framework: Framework;
  data?: CheckedSetting;
  latent?: CheckedSetting;
  loss?: CheckedSetting;
  train?: CheckedSetting;
  samples?: CheckedSetting;
  checkpoint?: CheckedSetting;
  optimizers: Partial<Record<Role, CheckedSetting>>;
  inits: Partial<Record<Role, CheckedSetting>>;
}

function checkSettings(statements: SpecStatements, spec: SpecFile, context: OptionContext): CheckedSettings {
  const one = (keyword: 'data' | 'latent' | 'loss' | 'train' | 'samples' | 'checkpoint') => {
    const statement = statements.settings[keyword];
    return statement === undefined ? undefined : checkSetting(settingsKinds[keyword], statement, context);
  };
  const optimizer = (role: Role) => {
    const statement = statements.optimizers[role];
    return statement === undefined ? undefined : checkSetting(settingsKinds.optimizer, statement, context);
  };
  const init = (role: Role) => {
    const statement = statements.inits[role];
    return statement === undefined ? undefined : checkSetting(settingsKinds.init, statement, context);
  };
  return {
    framework: context.framework,
    data: checkImageCrop(one('data'), context.diagnostics),
    latent: one('latent'),
    loss: one('loss'),
    train: one('train'),
    // Optional statements: a spec without them gets their defaults.
    samples: statements.settings.samples === undefined ? defaultSetting(settingsKinds.samples, specStart(spec), context) : one('samples'),
    checkpoint: statements.settings.checkpoint === undefined ? defaultSetting(settingsKinds.checkpoint, specStart(spec), context) : one('checkpoint'),
    optimizers: { generator: optimizer('generator'), discriminator: optimizer('discriminator') },
    inits: { generator: init('generator'), discriminator: init('discriminator') },
  };
}

interface CheckedNetworks {
  generator?: CheckedNetwork;
  discriminator?: CheckedNetwork;
}

function shapeNetworks(optioned: { generator?: OptionedNetwork; discriminator?: OptionedNetwork }, settings: CheckedSettings, context: OptionContext): CheckedNetworks {
  const { data, latent } = settings;
  const dataKnown = data !== undefined && data.options.ok;
  const shapeContext = {
    ...context,
    dataKnown,
    classes: dataKnown ? dataClasses(data.variant, data.options.values) : undefined,
    dataSpan: data?.statement?.span,
  };
  const latentShape: Shape | undefined = latent !== undefined && latent.options.ok ? [latent.options.values.size as number] : undefined;
  const examples: Shape | undefined = dataKnown ? dataShape(data.variant, data.options.values) : undefined;

  const generator = optioned.generator && shapeNetwork(optioned.generator, latentShape, shapeContext);
  const discriminator = optioned.discriminator && shapeNetwork(optioned.discriminator, examples, shapeContext);
  if (generator !== undefined && examples !== undefined && shapeContext.dataSpan !== undefined) {
    checkGeneratorOutput(generator, examples, shapeContext.dataSpan, context);
  }
  if (discriminator !== undefined) checkDiscriminatorOutput(discriminator, context);
  return { generator, discriminator };
}

function reportUnusedConstants(statements: SpecStatements, evaluator: Evaluator, diagnostics: Diagnostic[]): void {
  for (const constant of statements.constants) {
    if (constant.name === undefined || evaluator.isUsed(constant.name.name)) continue;
    diagnostics.push(
      diagnostic('unusedConstant', constant.name.span, `constant \`${constant.name.name}\` is never used`, {
        label: 'unused',
        help: 'remove it, or use it in a layer or option',
      }),
    );
  }
}

/**
 * Lowers a spec that checked without errors. A part can still be incomplete without a checker
 * error only where the parser dropped it (an argument with no value); its syntax error stands
 * and there is no IR.
 */
function lower(spec: SpecFile, source: SourceFile, statements: SpecStatements, settings: CheckedSettings, networks: CheckedNetworks): SpecIR | undefined {
  const { data, latent, loss, train, samples, checkpoint } = settings;
  const { generator, discriminator } = settings.optimizers;
  if (
    data === undefined || latent === undefined || loss === undefined || train === undefined || samples === undefined ||
    checkpoint === undefined || generator === undefined || discriminator === undefined ||
    networks.generator?.complete !== true || networks.discriminator?.complete !== true
  ) {
    return undefined;
  }
  const name = specName(spec.path);
  return lowerSpec({
    name,
    title: statements.title?.value?.value ?? name,
    source,
    framework: settings.framework,
    inits: settings.inits,
    data,
    latent,
    loss,
    optimizers: { generator, discriminator },
    train,
    samples,
    checkpoint,
    generator: networks.generator,
    discriminator: networks.discriminator,
  });
}
