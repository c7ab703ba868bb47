#!/usr/bin/env node
// Follows a running pipeline's logs from code, then prints its status — the SDK's
// "Programmatic access". Start a pipeline (`flowctl up pipeline.example.yaml`), then:
//
//   node examples/sdk/follow-logs.mjs [pipeline-name] [component-id...]
//
// Ctrl+C stops following. Run from the flowctl checkout (or any project that installed
// flowctl): `flowctl` resolves to this package.
import {Client, FlowctlError} from 'flowctl';

const [name, ...components] = process.argv.slice(2);
const pipeline = new Client().getPipeline(name);
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
// `| head` closed the pipe: stop following and end quietly (an unhandled EPIPE would crash
// with a stack trace).
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  stop.abort();
});

try {
  const status = await pipeline.status();
  console.log(`pipeline ${status.name} (run ${status.runId}):`);
  for (const c of status.components) {
    console.log(`  ${c.id.padEnd(24)} ${c.state.padEnd(10)} restarts=${c.restarts} lines=${c.lines} errors=${c.errors}`);
  }
  const last = await pipeline.getLogs({tail: 5, components});
  console.log(`last ${last.length} entries:`);
  for (const entry of last) console.log(`  [${entry.componentId}] ${entry.level} ${entry.message}`);

  console.log('following (Ctrl+C to stop)…');
  for await (const entry of pipeline.streamLogs({follow: true, components, signal: stop.signal})) {
    if (stop.signal.aborted) break;
    const time = new Date(entry.timestamp).toISOString().slice(11, 23);
    console.log(`[${entry.componentId}] ${time} ${entry.level.toUpperCase()} ${entry.message}`);
  }
} catch (error) {
  if (!(error instanceof FlowctlError)) throw error;
  console.error(`follow-logs: ${error.message} (${error.code})`);
  process.exitCode = 1;
} finally {
  pipeline.close();
}
