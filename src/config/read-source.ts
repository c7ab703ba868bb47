/**
 * Reads a pipeline file as text, turning every way a path can fail to be a pipeline file
 * (missing, a directory, a FIFO, socket or device, unreadable, binary, not UTF-8, empty,
 * absurdly large) into one clear diagnostic instead of an exception or a hang.
 */
import {closeSync, fstatSync, openSync, readSync, statSync, type Stats} from 'node:fs';
import type {Diagnostic} from './diagnostic.js';
import {errorDiagnostic} from './diagnose.js';
import {formatSize} from './size.js';
import {err, ok, type Result} from '../util/result.js';

/** Pipeline files are hand-written and small; anything bigger is the wrong file. */
export const MAX_PIPELINE_FILE_BYTES = 1024 * 1024;

/** What is read, for messages and hints that fit it (`an env file`, not `a env file` with a YAML hint). */
export type TextFileKind = 'pipeline' | 'env';

interface KindWords {
  /** With its article: `a pipeline file`. */
  a: string;
  what: string;
  directoryHint: string;
  textHint: string;
  emptyHint: string;
}

const WORDS: Record<TextFileKind, KindWords> = {
  pipeline: {a: 'a pipeline file', what: 'pipeline file', directoryHint: 'pass the YAML file inside it, e.g. <dir>/pipeline.yaml', textHint: 'a pipeline file is YAML text', emptyHint: 'start from docs/pipeline-format.md'},
  env: {a: 'an env file', what: 'env file', directoryHint: 'env_file names a file of KEY=value lines, not a folder', textHint: 'an env file is text: KEY=value lines', emptyHint: 'write KEY=value lines, or remove the env_file'},
};

export function readTextFile(file: string, kind: TextFileKind, maxBytes = MAX_PIPELINE_FILE_BYTES): Result<string, Diagnostic> {
  const words = WORDS[kind];
  // Stat before opening: opening a FIFO nobody writes to blocks forever.
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (error) {
    return err(openFailure(file, words, error));
  }
  const special = specialFile(stat);
  // `flowctl validate /dev/stdin < pipeline.yaml` (or from a pipe): standard input is already
  // open with a writer behind it, so reading it cannot hang on open; read fd 0 itself.
  const stdin = special !== undefined && special !== 'directory' && isStdin(stat);
  if (special !== undefined && !stdin) return err(notAFile(file, words, special));
  let fd: number;
  try {
    fd = stdin ? 0 : openSync(file, 'r');
  } catch (error) {
    return err(openFailure(file, words, error));
  }
  try {
    if (stat.size > maxBytes) {
      return err(
        errorDiagnostic('file-too-large', `${file} is ${formatSize(stat.size)}; ${words.a} is at most ${formatSize(maxBytes)}`, {
          hint: 'is this the right file?',
        }),
      );
    }
    // Read at most one byte past the limit: a pipe on stdin reports size 0 but may never end.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const count = readSync(fd, buffer, length, buffer.length - length, null);
      if (count === 0) break;
      length += count;
      if (length > maxBytes) {
        return err(errorDiagnostic('file-too-large', `${file} is larger than ${formatSize(maxBytes)}, the limit for ${words.a}`, {hint: 'is this the right file?'}));
      }
    }
    return decodeText(file, words, buffer.subarray(0, length));
  } catch (error) {
    return err(errorDiagnostic('unreadable-file', `cannot read ${file}: ${(error as Error).message}`));
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

type SpecialFile = 'directory' | 'FIFO (named pipe)' | 'socket' | 'device';

function specialFile(stat: Stats): SpecialFile | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'directory';
  if (stat.isFIFO()) return 'FIFO (named pipe)';
  if (stat.isSocket()) return 'socket';
  return 'device';
}

function isStdin(stat: Stats): boolean {
  try {
    const stdin = fstatSync(0);
    return stdin.dev === stat.dev && stdin.ino === stat.ino;
  } catch {
    return false; // no fd 0 at all
  }
}

function notAFile(file: string, words: KindWords, special: SpecialFile): Diagnostic {
  if (special === 'directory') return errorDiagnostic('not-a-file', `${file} is a directory, not ${words.a}`, {hint: words.directoryHint});
  return errorDiagnostic('not-a-file', `${file} is a ${special}, not a regular file: ${words.a} must be a file on disk`, {
    hint: `pass the ${words.what} itself (to read standard input, pass /dev/stdin with the file redirected to it)`,
  });
}

function openFailure(file: string, words: KindWords, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return errorDiagnostic('file-not-found', `${words.what} not found: ${file}`, {hint: 'check the path'});
  if (code === 'EACCES' || code === 'EPERM') return errorDiagnostic('unreadable-file', `permission denied reading ${file}`);
  if (code === 'EISDIR') return errorDiagnostic('not-a-file', `${file} is a directory, not ${words.a}`, {hint: words.directoryHint});
  return errorDiagnostic('unreadable-file', `cannot open ${file}: ${(error as Error).message}`);
}

function decodeText(file: string, words: KindWords, bytes: Buffer): Result<string, Diagnostic> {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return err(errorDiagnostic('binary-file', `${file} is a binary file (NUL byte at offset ${nul}), not ${words.a}`, {hint: words.textHint}));
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes);
  } catch {
    return err(errorDiagnostic('not-utf8', `${file} is not UTF-8 text`, {hint: 'save it as UTF-8'}));
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') {
    return err(errorDiagnostic('empty-file', `${file} is empty`, {hint: words.emptyHint}));
  }
  return ok(text);
}
