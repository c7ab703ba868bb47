/** `flowctl status` (alias `ps`): the components of a running pipeline, as a table. */
import {Command} from 'commander';
import {fromTimestamp} from '../control/wire.js';
import type {WireComponentState, WirePipelineStatus} from '../control/wire-types.js';
import {formatDuration} from '../util/duration.js';
import {EXIT_OK, EXIT_RUNTIME} from './exit-codes.js';
import {processIo, type CliIo} from './cli-io.js';
import {connectRunning, pipelineArgument} from './control-target.js';
import {withTlsCaOption} from './tls-ca.js';

/** `flowctl status` / `ps`; add with `program.addCommand(statusCommand())`. */
export function statusCommand(io: () => CliIo = processIo): Command {
  return withTlsCaOption(new Command('status'))
    .alias('ps')
    .description('Show the components of a running pipeline: state, pid, uptime, restarts, health, lines, heartbeats')
    .argument('[pipeline]', 'pipeline name (needed when several run)')
    .option('-p, --pipeline <name>', 'the pipeline, when several run')
    .option('--json', 'print the status as JSON')
    .action(async (name: string | undefined, flags: {pipeline?: string; json?: boolean; tlsCa?: string}) => {
      process.exitCode = await runStatus(name, flags, io());
    });
}

export async function runStatus(name: string | undefined, flags: {pipeline?: string; json?: boolean; tlsCa?: string}, io: CliIo, now = Date.now()): Promise<number> {
  const pipeline = pipelineArgument(name, flags.pipeline);
  const connected = pipeline.ok ? await connectRunning(io, [], pipeline.value, flags.tlsCa) : pipeline;
  if (!connected.ok) {
    io.error(`flowctl status: ${connected.error.message}`);
    return connected.error.exitCode;
  }
  const {client} = connected.value;
  try {
    const status = await client.status();
    if (!status.ok) {
      io.error(`flowctl status: ${status.error.message}`);
      return EXIT_RUNTIME;
    }
    io.stdout.write(flags.json ? `${JSON.stringify(status.value, null, 2)}\n` : formatStatus(status.value, now));
    return EXIT_OK;
  } finally {
    client.close();
  }
}

const HEADERS = ['COMPONENT', 'KIND', 'STATE', 'PID', 'UPTIME', 'RESTARTS', 'HEALTH', 'LINES', 'WARN', 'ERRORS', 'HEARTBEAT'] as const;

function row(c: WireComponentState, now: number): string[] {
  const started = fromTimestamp(c.startedAt);
  const running = c.pid > 0 && started !== undefined;
  const beat = fromTimestamp(c.lastHeartbeat);
  const exited = c.exitCode >= 0 ? ` (exit ${c.exitCode})` : c.signal ? ` (${c.signal})` : '';
  return [
    c.id,
    c.kind,
    `${c.state}${exited}`,
    c.pid > 0 ? String(c.pid) : '-',
    running ? formatDuration(Math.max(0, now - started)) : '-',
    String(c.restarts),
    c.health === 'none' ? '-' : c.health,
    String(c.lines),
    String(c.warnings),
    String(c.errors),
    beat === undefined ? '-' : `${formatDuration(Math.max(0, now - beat))} ago`,
  ];
}

/** The table, then one line per component with heartbeat metrics and one per reason. */
export function formatStatus(status: WirePipelineStatus, now: number): string {
  const rows = [HEADERS as readonly string[], ...status.components.map((c) => row(c, now))];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const lines = [`Pipeline: ${status.pipelineName}  (run ${status.runId}, pid ${status.pid}, ${status.pipelineFile})`, ''];
  for (const r of rows) lines.push(r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  const notes: string[] = [];
  for (const c of status.components) {
    if (c.reason) notes.push(`  ${c.id}: ${c.reason}`);
    const metrics = Object.entries(c.metrics).sort(([a], [b]) => a.localeCompare(b));
    if (metrics.length > 0) notes.push(`  ${c.id} metrics: ${metrics.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  }
  if (notes.length > 0) lines.push('', ...notes);
  const counters: string[] = [];
  if (status.droppedEntries > 0) counters.push(`${status.droppedEntries} entries not shown or not stored (slow viewers, rate limit, history) — every line is in the log files`);
  if (status.rejectedRequests > 0) counters.push(`${status.rejectedRequests} control-plane requests rejected`);
  if (counters.length > 0) lines.push('', counters.join('; '));
  return `${lines.join('\n')}\n`;
}
