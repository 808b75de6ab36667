import { join } from 'node:path';
import ts from 'typescript';

export interface TrainerFile {
  /** Absolute path the file is checked at (it need not exist on disk): imports resolve from there. */
  path: string;
  text: string;
}

const options: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  esModuleInterop: true,
  skipLibCheck: true,
  types: ['node'],
  // As tsconfig.json: inside the repository the package's own name resolves to its sources.
  baseUrl: join(__dirname, '..', '..'),
  paths: { 'ganc/runtime': ['runtime/index.ts'] },
};

/**
 * Type-checks trainer files in one program of the project's own TypeScript (the one `tsc` runs;
 * ts-morph bundles a newer one that infers more), under `--strict --noEmit`. Returns the given
 * files' diagnostics as `file:line message`; the runtime they import is checked by its own tests.
 */
export function typeCheckTrainers(files: readonly TrainerFile[]): string[] {
  const virtual = new Map(files.map((file) => [file.path, file.text]));
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (path) => virtual.get(path) ?? readFile(path);
  host.fileExists = (path) => virtual.has(path) || fileExists(path);
  host.getSourceFile = (path, language, onError) => {
    const text = virtual.get(path);
    return text === undefined ? getSourceFile(path, language, onError) : ts.createSourceFile(path, text, language);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return [...virtual.keys()].flatMap((path) => {
    const file = program.getSourceFile(path);
    if (!file) return [`${path}: not in the program`];
    return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => {
      const line = d.start === undefined ? 0 : file.getLineAndCharacterOfPosition(d.start).line + 1;
      return `${path}:${line} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  });
}
