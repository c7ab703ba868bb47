/**
 * Which of a component's log files start a run: `<id>.log` rotates both when a run starts
 * and when it reaches `rotation.max_size` (`files.ts`), so the names alone do not say where
 * a run begins (two runs of 25 lines at max_size 1KiB: `flowctl logs` without a store showed
 * the newest file's 3 lines, and `--run previous` the same run's rotated file).
 *
 * Each file opened is recorded in `.<id>.log.runs` next to it, by inode (which the renames of
 * rotation keep), as `run` (opened as a run started) or `more` (opened by a size rotation).
 * The files themselves stay one printed line per line, so `wc -l`, `grep`, `tail -f` work.
 * A file without a record (written by an older flowctl, or the folder copied elsewhere: new
 * inodes) counts as a run of its own, as before. Recording is best effort: a failure loses
 * no line, only the grouping of that file.
 */
import {appendFileSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {readFile, stat} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';

export type FileStart = 'run' | 'more';

const RECORD = /^(\d+) (run|more)$/;

function recordsPath(logPath: string): string {
  return join(dirname(logPath), `.${basename(logPath)}.runs`);
}

/** Records that the file just opened at `logPath` (`<dir>/<id>.log`) starts a run or continues one. */
export function recordFileStart(logPath: string, start: FileStart): void {
  try {
    const inode = statSync(logPath, {bigint: true}).ino.toString();
    const records = recordsPath(logPath);
    if (start === 'run') {
      // Once a run: forget the files rotated away, so the records stay as few as the files.
      const kept = liveRecords(logPath, records);
      writeFileSync(records, `${kept.join('')}${inode} run\n`);
    } else {
      appendFileSync(records, `${inode} more\n`);
    }
  } catch {
    // Best effort (see above): the file gets no record and reads as a run of its own.
  }
}

/** The records of files that still exist (`<id>.log`, `<id>.log.<n>`), each with its newline. */
function liveRecords(logPath: string, records: string): string[] {
  const text = readFileSyncOrEmpty(records);
  const name = basename(logPath);
  const live = new Set<string>();
  for (const file of readdirSync(dirname(logPath))) {
    if (file === name || (file.startsWith(`${name}.`) && /^\d+$/.test(file.slice(name.length + 1)))) {
      live.add(statSync(join(dirname(logPath), file), {bigint: true}).ino.toString());
    }
  }
  return text.split('\n').filter((line) => live.has(RECORD.exec(line)?.[1] ?? '')).map((line) => `${line}\n`);
}

function readFileSyncOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/**
 * How each of `paths` (one component's files, any order) was opened: `more` when recorded as
 * a size rotation's file, `run` otherwise (recorded so, or not recorded at all).
 */
export async function fileStarts(logPath: string, paths: readonly string[]): Promise<Map<string, FileStart>> {
  const byInode = new Map<string, FileStart>();
  try {
    for (const line of (await readFile(recordsPath(logPath), 'utf8')).split('\n')) {
      const match = RECORD.exec(line);
      // The last record of an inode wins: an inode freed by a deleted file may be reused.
      if (match) byInode.set(match[1]!, match[2] as FileStart);
    }
  } catch {
    // No records (older flowctl, another folder): every file is a run, as before.
  }
  const starts = new Map<string, FileStart>();
  for (const path of paths) {
    let start: FileStart = 'run';
    try {
      start = byInode.get((await stat(path, {bigint: true})).ino.toString()) ?? 'run';
    } catch {
      // Gone since it was listed: reading it reports that.
    }
    starts.set(path, start);
  }
  return starts;
}
