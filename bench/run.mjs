#!/usr/bin/env node
// `npm run bench`: the benchmark harness of issue 5 (see bench/lib/main.mjs for the options).
await import('./lib/main.mjs');
