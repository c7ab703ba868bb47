import {chmodSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

/**
 * A folder nothing can be created in. chmod 0555 is enough for normal users; root ignores
 * file modes, so there fall back to sysfs, which refuses new files even to root (Linux CI).
 */
export function unwritableDir(base: string): string {
  const dir = join(base, 'read-only');
  mkdirSync(dir, {recursive: true});
  chmodSync(dir, 0o555);
  try {
    writeFileSync(join(dir, 'probe'), '');
    rmSync(join(dir, 'probe'));
  } catch {
    return dir;
  }
  return '/sys/kernel';
}
