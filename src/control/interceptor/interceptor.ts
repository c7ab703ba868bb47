/**
 * The Node log interceptor: wraps console.log/info/warn/error/debug so that every call is
 * also sent to the control plane as a structured entry, while the original console still
 * prints it. Used by `node --import flowctl/register app.js` (see register.ts) or directly.
 */
import {format} from 'node:util';
import type {TlsSetting} from '../tls-dial.js';
import {toTimestamp} from '../wire.js';
import type {WireLogEntry} from '../wire-types.js';
import {Batcher, type Send, type SendOutcome} from './batcher.js';
import {grpcSend} from './push-transport.js';
import {sendAtExit} from './send-at-exit.js';

type Method = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: Record<Method, {level: string; stream: 'stdout' | 'stderr'}> = {
  log: {level: 'info', stream: 'stdout'},
  info: {level: 'info', stream: 'stdout'},
  debug: {level: 'debug', stream: 'stdout'},
  warn: {level: 'warn', stream: 'stderr'},
  error: {level: 'error', stream: 'stderr'},
};

/** Longest message sent whole; longer ones are cut (and marked truncated) so the server accepts them. */
const MAX_MESSAGE_CHARS = 256 * 1024;

export interface InterceptorOptions {
  /** `host:port` of the control plane. */
  endpoint: string;
  componentId: string;
  token?: string | undefined;
  /** Dial with TLS (see tls-dial.ts); default plain text. */
  tls?: TlsSetting;
  /** The console to wrap (default: the global one). */
  console?: Console;
  /** Injected transport (tests); default: PushLogs over gRPC. */
  send?: Send;
  /** Injected synchronous send for the `exit` event (tests); default: `sendAtExit`. */
  sendSync?: (batch: Partial<WireLogEntry>[], budgetMs: number) => SendOutcome;
  flushIntervalMs?: number;
  maxQueue?: number;
  /**
   * Under a local `flowctl up` (`FLOWCTL_CAPTURED=1`) the supervisor already captures this
   * process's stdout/stderr: `'skip'` (the default) installs nothing, so no line shows twice;
   * `'send'` sends anyway (e.g. the app also prints somewhere flowctl does not capture).
   */
  whenCaptured?: 'skip' | 'send';
  /** Where FLOWCTL_CAPTURED is read (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface Interceptor {
  /** False when nothing was installed (FLOWCTL_CAPTURED=1 without `whenCaptured: 'send'`). */
  readonly active: boolean;
  /** Sends what is queued now. */
  flush(): Promise<void>;
  /** Restores the original console methods and closes the connection. */
  uninstall(): void;
  readonly batcher: Batcher;
}

/**
 * A component's work is done (`beforeExit`): one last attempt at what is queued, bounded so
 * that an unreachable control plane delays its exit by this much at most.
 */
export const FINAL_FLUSH_BUDGET_MS = 1500;
/** Same, for the synchronous send at `exit` (start-up of the sender process included). */
export const EXIT_SEND_BUDGET_MS = 2000;

/**
 * Wraps the console (see the module comment) and returns a handle to flush or undo it.
 * Under `flowctl up` (FLOWCTL_CAPTURED=1) it installs nothing and returns an inactive handle,
 * unless `whenCaptured: 'send'`: flowctl already has every line this process prints.
 */
export function installInterceptor(options: InterceptorOptions): Interceptor {
  if ((options.env ?? process.env).FLOWCTL_CAPTURED === '1' && options.whenCaptured !== 'send') return inactive(options.componentId);
  const target = options.console ?? globalThis.console;
  const push = {endpoint: options.endpoint, token: options.token, tls: options.tls};
  const transport = options.send ? {send: options.send, close: () => undefined} : grpcSend(push);
  const sendSync = options.sendSync ?? ((batch, budgetMs) => sendAtExit(batch, push, budgetMs));
  const originals = new Map<Method, (...args: unknown[]) => void>();
  const printError = (message: string): void => originals.get('error')?.call(target, message);
  const batcher = new Batcher({
    send: transport.send,
    componentId: options.componentId,
    ...(options.flushIntervalMs !== undefined ? {flushIntervalMs: options.flushIntervalMs} : {}),
    ...(options.maxQueue !== undefined ? {maxQueue: options.maxQueue} : {}),
    onDisabled: (message) => printError(`flowctl: log streaming to ${options.endpoint} stopped: ${message}`),
  });
  // Nothing lost silently, but the app's output is not ours to clutter: one line, and only
  // when something was lost (the console had every line anyway).
  const reportLost = (lost: number, reason: string): void =>
    printError(
      `flowctl: ${lost} log ${lost === 1 ? 'entry' : 'entries'} could not be sent to the control plane at ${options.endpoint} (${reason}); ` +
        'they were printed to this console as usual',
    );
  const entry = (level: string, stream: 'stdout' | 'stderr', message: string, truncated: boolean, fields: Record<string, string> = {}) => ({
    componentId: options.componentId, level, stream, message, raw: '', truncated, timestamp: toTimestamp(Date.now()), fields,
  });
  for (const method of Object.keys(METHODS) as Method[]) {
    const original = target[method] as (...args: unknown[]) => void;
    originals.set(method, original);
    const {level, stream} = METHODS[method];
    target[method] = (...args: unknown[]) => {
      original.apply(target, args);
      let message = format(...args);
      const truncated = message.length > MAX_MESSAGE_CHARS;
      if (truncated) message = message.slice(0, MAX_MESSAGE_CHARS);
      batcher.add(entry(level, stream, message, truncated));
    };
  }

  // The app is done and nothing else keeps it alive: one bounded attempt at what is left,
  // then the process may exit. (Flushing on every `beforeExit` instead would skip the
  // backoff and spin at 100 % CPU for as long as the control plane is unreachable.)
  let finalFlush: Promise<void> | undefined;
  const onBeforeExit = (): void => {
    if (finalFlush || batcher.pending === 0 || batcher.disabled) return;
    finalFlush = batcher.finalFlush(FINAL_FLUSH_BUDGET_MS).then(({lost, reason}) => {
      finalFlush = undefined;
      if (lost > 0) reportLost(lost, reason);
    });
  };
  // `process.exit()` or a crash: no more event loop, so the rest goes out synchronously.
  const onExit = (): void => {
    const batch = batcher.takeAll();
    const real = batch.filter((e) => e.fields?.flowctl !== 'dropped').length;
    if (real === 0) return;
    const outcome = sendSync(batch, EXIT_SEND_BUDGET_MS);
    if (outcome.ok) batcher.sent += real;
    else {
      batcher.dropped += real;
      reportLost(real, outcome.message);
    }
  };
  // Node prints an uncaught error's stack itself, past console.error: keep it as an entry
  // too, unless the app handles the error (then Node prints nothing and the app goes on).
  const onUncaught = (error: unknown, origin: string): void => {
    if (process.listenerCount('uncaughtException') > 0) return;
    const text = error instanceof Error ? (error.stack ?? String(error)) : `Uncaught ${format(error)}`;
    batcher.add(entry('error', 'stderr', text.slice(0, MAX_MESSAGE_CHARS), text.length > MAX_MESSAGE_CHARS, {flowctl: 'uncaught', origin}));
  };
  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
  process.on('uncaughtExceptionMonitor', onUncaught);
  return {
    active: true,
    flush: () => batcher.flush(),
    batcher,
    uninstall: () => {
      for (const [method, original] of originals) target[method] = original;
      process.off('beforeExit', onBeforeExit);
      process.off('exit', onExit);
      process.off('uncaughtExceptionMonitor', onUncaught);
      batcher.stop();
      transport.close();
    },
  };
}

/** Nothing installed: the console is untouched and nothing is ever sent. */
function inactive(componentId: string): Interceptor {
  const batcher = new Batcher({send: () => Promise.resolve({ok: true}), componentId});
  return {active: false, batcher, flush: () => Promise.resolve(), uninstall: () => undefined};
}
