// Marks the CLI entry point executable after `tsc` wrote it (tsc keeps no file modes),
// so `npm ci` alone leaves a runnable `node_modules/.bin/flowctl` and `dist/cli/main.js`.
import {chmodSync, existsSync} from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(entry)) chmodSync(entry, 0o755);
