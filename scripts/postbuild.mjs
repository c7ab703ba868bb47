// Marks the CLI entry point executable after `tsc` wrote it (tsc keeps no file modes),
// so `npm ci` alone leaves a runnable `dist/cli/main.js` (`npx flowctl` from the checkout).
import {chmodSync, existsSync} from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(entry)) chmodSync(entry, 0o755);
