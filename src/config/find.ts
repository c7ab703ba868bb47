/** Which pipeline file a command means: the one given, or `pipeline.yaml`, then `flow.yml` (flowctl's default). */
import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import type {Diagnostic} from './diagnostic.js';
import {errorDiagnostic} from './diagnose.js';
import {err, ok, type Result} from '../util/result.js';

export const DEFAULT_PIPELINE_FILES = ['pipeline.yaml', 'flow.yml'] as const;

/**
 * The absolute path of the pipeline file. `given` may be a file (returned as is, so a missing
 * one is reported by the loader with its own message) or a folder to look in.
 */
export function findPipelineFile(cwd: string, given?: string): Result<string, Diagnostic> {
  const folder = given === undefined ? cwd : path.resolve(cwd, given);
  if (given !== undefined && !isDirectory(folder)) return ok(folder);
  for (const name of DEFAULT_PIPELINE_FILES) {
    const candidate = path.join(folder, name);
    if (existsSync(candidate)) return ok(candidate);
  }
  return err(
    errorDiagnostic('no-pipeline-file', `no ${DEFAULT_PIPELINE_FILES.join(' or ')} in ${folder}`, {
      hint: 'pass the pipeline file as an argument, e.g. `pipeline.example.yaml`',
    }),
  );
}

function isDirectory(target: string): boolean {
  try {
    return statSync(target).isDirectory();
  } catch {
    return false;
  }
}
