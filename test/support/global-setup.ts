import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

/**
 * End-to-end tests run the real `flowctl` binary (`dist/cli/main.js`), as a user would.
 * Build it once before the run so a test never exercises a stale build (incremental: a
 * no-op build takes a second or two). Type errors do not stop the run — tsc still emits,
 * and `npm run typecheck` is what reports them.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {cwd: root, encoding: 'utf8'});
  if (build.status !== 0) process.stderr.write(`global-setup: tsc reported problems (dist still emitted):\n${build.stdout}${build.stderr}\n`);
  spawnSync(process.execPath, ['scripts/postbuild.mjs'], {cwd: root, stdio: 'inherit'});
}
