// Lets a plain `node` process import the TypeScript sources (for driver scripts that tests run
// as separate processes, e.g. to SIGKILL a supervisor). Type-only imports are `import type`
// everywhere (verbatimModuleSyntax), so transpiling file by file is exact.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import ts from 'typescript';

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    // Sources import `./x.js` for `./x.ts` (NodeNext convention).
    if (/^(\.|\/|file:)/.test(specifier) && specifier.endsWith('.js')) return next(`${specifier.slice(0, -3)}.ts`, context);
    throw error;
  }
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const fileName = fileURLToPath(url);
  const output = ts.transpileModule(readFileSync(fileName, 'utf8'), {
    fileName,
    compilerOptions: {module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true},
  });
  return {format: 'module', source: output.outputText, shortCircuit: true};
}
