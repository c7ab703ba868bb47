/**
 * A headless xterm as the UI's terminal: `runTui` writes Ink's real (non-debug) output into it
 * and tests read the emulator's cells (screen*.test.ts).
 */
import {EventEmitter} from 'node:events';
import {PassThrough} from 'node:stream';
import xterm from '@xterm/headless';
import {runTui, type FrameInfo, type TuiResult} from '../../src/tui/run.js';
import {fixture, waitFor, type Fixture} from './helpers.js';
import type {TuiSource} from '../../src/tui/source.js';

const {Terminal} = xterm;

export class FakeTty extends EventEmitter {
  readonly isTTY = true;
  written = '';
  constructor(
    readonly term: InstanceType<typeof Terminal>,
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write(data: string | Uint8Array, callback?: () => void): boolean {
    const text = typeof data === 'string' ? data : Buffer.from(data).toString();
    this.written += text;
    this.term.write(text, callback);
    return true;
  }
  hasColors(): boolean {
    return false;
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.term.resize(columns, rows);
    this.emit('resize');
  }
}

export function fakeStdin(): PassThrough & {isTTY: boolean; isRaw: boolean; setRawMode(mode: boolean): unknown} {
  const stdin = new PassThrough() as PassThrough & {isTTY: boolean; isRaw: boolean; setRawMode(mode: boolean): unknown; ref(): void; unref(): void};
  stdin.isTTY = true;
  stdin.isRaw = false;
  stdin.setRawMode = (mode: boolean) => {
    stdin.isRaw = mode;
    return stdin;
  };
  stdin.ref = () => undefined;
  stdin.unref = () => undefined;
  return stdin;
}

export function screenLines(term: InstanceType<typeof Terminal>): string[] {
  const buffer = term.buffer.active;
  return Array.from({length: term.rows}, (_, y) => buffer.getLine(y)?.translateToString(true) ?? '');
}

export let running: {stdin: ReturnType<typeof fakeStdin>; result: Promise<TuiResult>} | undefined;
/** Quits the UI the last `start` opened, if a test left it running (call from afterEach). */
export async function stopRunning(): Promise<void> {
  if (running) {
    running.stdin.write('q');
    await running.result;
    running = undefined;
  }
}

/** The test ended the UI itself. */
export function forgetRunning(): void {
  running = undefined;
}

export async function start(columns = 90, rows = 24, onFrame?: (info: FrameInfo) => void, options: {f?: Fixture; source?: TuiSource; logDir?: string} = {}) {
  const term = new Terminal({cols: columns, rows, allowProposedApi: true, convertEol: true});
  const stdout = new FakeTty(term, columns, rows);
  const stdin = fakeStdin();
  const f = options.f ?? fixture();
  const result = runTui({
    source: options.source ?? f.source,
    pipelineName: 'screen-test',
    logDir: options.logDir ?? '/tmp',
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    env: {NO_COLOR: '1'},
    onFrame,
  });
  running = {stdin, result};
  const screen = (): string[] => screenLines(term);
  const waitScreen = (check: (rows: string[]) => boolean): Promise<string[]> =>
    waitFor(() => (check(screen()) ? screen() : undefined), () => screen().join('\n'));
  /** Waits until xterm has parsed everything written so far. */
  const settle = () => new Promise<void>((resolve) => term.write('', resolve));
  const key = async (data: string) => {
    stdin.write(data);
    await new Promise((resolve) => setTimeout(resolve, 150)); // past the data frame pacing (frame-pacer.ts)
    await settle();
  };
  return {term, stdout, stdin, f, result, screen, waitScreen, key, settle};
}

