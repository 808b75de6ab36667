import type { ConstStatement, Identifier, NetworkSettingKeyword, NetworkStatement, SettingKeyword, SettingStatement, SpecFile, TitleStatement } from '../grammar/ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../diagnostics/span.js';
import { diagnostic } from '../diagnostics/make.js';
import { settingsKinds } from './settings/index.js';
import { didYouMean } from './suggest.js';

export type Role = 'generator' | 'discriminator';

/** The spec's statements sorted by what they are, first occurrences only; duplicates reported. */
export interface SpecStatements {
  title?: TitleStatement;
  constants: ConstStatement[];
  settings: Partial<Record<Exclude<SettingKeyword, NetworkSettingKeyword>, SettingStatement>>;
  networks: Partial<Record<Role, NetworkStatement>>;
  /** Every network needs an optimizer; an `init` is optional. */
  optimizers: Partial<Record<Role, SettingStatement>>;
  inits: Partial<Record<Role, SettingStatement>>;
}

/** Statements that must appear, in the order a spec usually writes them. */
const requiredSettings = ['data', 'latent', 'loss', 'train'] as const;

export function networkName(network: NetworkStatement): string {
  return network.name?.name ?? network.role;
}

/**
 * Where "missing statement" diagnostics point: the start of the first statement, past any
 * comments that open the file, or the end of a file that has none.
 */
export function specStart(spec: SpecFile): Span {
  const start = spec.statements[0]?.span.start ?? spec.span.end;
  return { file: spec.span.file, start, end: start };
}

export function resolveStatements(spec: SpecFile, diagnostics: Diagnostic[]): SpecStatements {
  const result: SpecStatements = { constants: [], settings: {}, networks: {}, optimizers: {}, inits: {} };
  const constantNames = new Map<string, Identifier>();
  const networkSettings: Record<NetworkSettingKeyword, SettingStatement[]> = { optimizer: [], init: [] };

  const duplicate = (span: Span, first: Span, what: string) =>
    diagnostics.push(
      diagnostic('duplicateStatement', span, `${what} is given twice`, {
        label: 'given again here',
        labels: [{ span: first, message: 'first given here' }],
        help: 'keep one of them',
      }),
    );

  for (const statement of spec.statements) {
    switch (statement.kind) {
      case 'title':
        if (result.title === undefined) result.title = statement;
        else duplicate(statement.span, result.title.span, '`title`');
        break;
      case 'const': {
        if (statement.name === undefined) break;
        const first = constantNames.get(statement.name.name);
        if (first !== undefined) {
          diagnostics.push(
            diagnostic('duplicateConstant', statement.name.span, `constant \`${statement.name.name}\` is defined twice`, {
              label: 'defined again here',
              labels: [{ span: first.span, message: 'first defined here' }],
              help: 'rename one of them, or remove one',
            }),
          );
          break;
        }
        constantNames.set(statement.name.name, statement.name);
        result.constants.push(statement);
        break;
      }
      case 'network': {
        const first = result.networks[statement.role];
        if (first === undefined) result.networks[statement.role] = statement;
        else duplicate(statement.roleSpan, first.roleSpan, `the ${statement.role}`);
        break;
      }
      case 'setting': {
        if (statement.keyword === 'optimizer' || statement.keyword === 'init') {
          networkSettings[statement.keyword].push(statement);
          break;
        }
        const first = result.settings[statement.keyword];
        if (first === undefined) result.settings[statement.keyword] = statement;
        else duplicate(statement.keywordSpan, first.keywordSpan, `\`${statement.keyword}\``);
        break;
      }
      case 'sweep':
        // A sweep is expanded and its trials checked by compiler/sweep-check.ts.
        break;
    }
  }

  for (const keyword of requiredSettings) {
    if (result.settings[keyword] !== undefined) continue;
    diagnostics.push(
      diagnostic('missingStatement', specStart(spec), `the spec has no \`${keyword}\` statement`, {
        help: `add a line such as \`${settingsKinds[keyword].example}\``,
      }),
    );
  }
  for (const role of ['generator', 'discriminator'] as const) {
    if (result.networks[role] !== undefined) continue;
    diagnostics.push(
      diagnostic('missingStatement', specStart(spec), `the spec has no ${role}`, {
        help: `add a block such as \`${role} ${role === 'generator' ? 'G' : 'D'} { ... }\` listing its layers`,
      }),
    );
  }

  checkNetworkNames(result.networks, diagnostics);
  resolveNetworkSettings('optimizer', networkSettings.optimizer, result, diagnostics, duplicate);
  resolveNetworkSettings('init', networkSettings.init, result, diagnostics, duplicate);
  return result;
}

function checkNetworkNames(networks: SpecStatements['networks'], diagnostics: Diagnostic[]): void {
  const { generator, discriminator } = networks;
  if (generator === undefined || discriminator === undefined) return;
  if (networkName(generator) !== networkName(discriminator)) return;
  diagnostics.push(
    diagnostic('duplicateNetworkName', discriminator.name?.span ?? discriminator.roleSpan, `the generator and the discriminator are both named \`${networkName(generator)}\``, {
      labels: [{ span: generator.name?.span ?? generator.roleSpan, message: 'the generator is named here' }],
      help: 'give them different names, e.g. `G` and `D`',
    }),
  );
}

/** What each statement about one network is called in messages, and where the spec keeps it. */
const networkSettingWords = {
  optimizer: { noun: 'an optimizer', field: 'optimizers', doing: 'updates' },
  init: { noun: 'an init', field: 'inits', doing: 'initialises' },
} as const;

/** Matches each optimizer or init to the network it names; every network needs an optimizer. */
function resolveNetworkSettings(
  keyword: NetworkSettingKeyword,
  statements: readonly SettingStatement[],
  result: SpecStatements,
  diagnostics: Diagnostic[],
  duplicate: (span: Span, first: Span, what: string) => void,
): void {
  const words = networkSettingWords[keyword];
  const found = result[words.field];
  const byName = new Map<string, Role>();
  for (const role of ['generator', 'discriminator'] as const) {
    const network = result.networks[role];
    if (network === undefined) continue;
    byName.set(role, role);
    byName.set(networkName(network), role);
  }
  let unknownTarget: Identifier | undefined;
  for (const statement of statements) {
    const target = statement.target;
    if (target === undefined) {
      diagnostics.push(
        diagnostic('missingOptimizerTarget', statement.keywordSpan, `\`${keyword}\` does not say which network it ${words.doing}`, {
          help: `name the network: \`${keyword === 'optimizer' ? settingsKinds.optimizer.example : 'init G dcgan'}\``,
        }),
      );
      continue;
    }
    const role = byName.get(target.name);
    if (role === undefined) {
      unknownTarget ??= target;
      const names = [...byName.keys()];
      diagnostics.push(
        diagnostic('unknownNetwork', target.span, `no network is named \`${target.name}\``, {
          label: 'not a network',
          help: didYouMean(target.name, names) ?? (names.length > 0 ? `networks: ${names.join(', ')}` : 'define the generator and the discriminator first'),
        }),
      );
      continue;
    }
    const first = found[role];
    if (first === undefined) found[role] = statement;
    else duplicate(target.span, first.target?.span ?? first.keywordSpan, `${words.noun} for the ${role}`);
  }
  if (keyword !== 'optimizer') return;
  for (const role of ['generator', 'discriminator'] as const) {
    const network = result.networks[role];
    if (network === undefined || result.optimizers[role] !== undefined) continue;
    // Most often the optimizer meant for it names a network that does not exist: say this after that.
    diagnostics.push(
      diagnostic('missingStatement', network.name?.span ?? network.roleSpan, `the ${role} \`${networkName(network)}\` has no optimizer`, {
        label: 'nothing updates it',
        labels: unknownTarget === undefined ? [] : [{ span: unknownTarget.span, message: `this optimizer names \`${unknownTarget.name}\`` }],
        help: `add a line such as \`optimizer ${networkName(network)} adam(lr = 2e-4, betas = [0.5, 0.999])\``,
        causedBy: unknownTarget?.span,
      }),
    );
  }
}
