/**
 * `runTui`: the full-screen UI on a running pipeline until the user quits. Called by
 * `flowctl up` (stdout a terminal, no `--no-tui`) and `flowctl attach`.
 *
 * Ink 6.8 settings, each for a measured reason (research/tech.md §1): frames capped at 6 per
 * second under a flood because a frame costs ~5 µs per visible cell — paced by the controller
 * (frame-pacer.ts), not by Ink's `maxFps`, whose throttle would hold a key's frame behind the
 * data redraws; `incrementalRendering` off (ghost lines in 6.8);
 * `patchConsole` off (a stray console line would corrupt the alternate screen);
 * `exitOnCtrlC` off (Ctrl+C is the graceful quit key, a second one forces).
 */
import {render} from './ink.js';
import {createElement} from 'react';
import {App} from './components/App.js';
import {requestQuit} from './actions.js';
import {TuiController} from './controller.js';
import type {TuiSource} from './source.js';
import {colorEnabled, TerminalSession} from './terminal.js';
import {takeDrawMs} from './draw-cost.js';

/** What a benchmark harness learns about every frame Ink wrote. */
export interface FrameInfo {
  /** Ink's own time to produce the frame's output. */
  renderTimeMs: number;
  /** The UI's time computing frames (visible rows → coloured lines) since the previous frame. */
  drawMs: number;
  /** For the first frame after a key press: key handled → frame written. */
  inputToFrameMs: number | undefined;
  at: number;
}

export interface RunTuiOptions {
  source: TuiSource;
  pipelineName: string;
  /** Where exports (`e`) are written; the component log files live there too. */
  logDir: string;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** Default `process.env` (NO_COLOR, FORCE_COLOR). */
  env?: NodeJS.ProcessEnv;
  /** Benchmark hook: called after every frame. */
  onFrame?: (info: FrameInfo) => void;
  /** Frames per second cap for redraws caused by new data (default `DEFAULT_MAX_FPS`); keys draw at once. */
  maxFps?: number;
}

export interface TuiResult {
  reason: 'quit' | 'error';
  /** With `error`: what went wrong (the terminal is restored by then). */
  error?: Error;
}

/**
 * Frames per second under a flood, keys' frames included (frame-pacer.ts). 6, not 12: what
 * the earlier design (a 66 ms redraw timer behind Ink's 12 fps leading+trailing throttle,
 * whose timer each call restarts) really drew under workload A's flood was one frame per two
 * timer ticks at best, 132 ms, and 4.8–7.5 frames/s measured on a loaded 2-core machine; a
 * budget of 6 keeps the render's CPU where it was while keys now draw at once.
 */
export const DEFAULT_MAX_FPS = 6;
/**
 * Ink's own throttle, made a no-op (1 ms: it only merges renders of the same moment): the
 * controller already paces data frames, and a key's frame must not wait for Ink's window.
 */
const INK_MAX_FPS = 1000;

/**
 * Runs the UI; resolves once the user quit (and the pipeline stopped, for a local source)
 * or the UI failed, always with the terminal restored. Never rejects.
 */
export async function runTui(options: RunTuiOptions): Promise<TuiResult> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') {
    return {reason: 'error', error: new Error('the terminal UI needs a terminal on stdin (run with --no-tui)')};
  }
  const terminal = new TerminalSession({stdout, stdin});
  const controller = new TuiController({
    source: options.source,
    pipelineName: options.pipelineName,
    logDir: options.logDir,
    color: colorEnabled(options.env ?? process.env, stdout),
    columns: stdout.columns || 80,
    rows: stdout.rows || 24,
    writeTerminal: (data) => void stdout.write(data),
    frameMs: Math.ceil(1000 / (options.maxFps ?? DEFAULT_MAX_FPS)),
  });
  // Signals while the UI runs: the same path as Ctrl+C (graceful first, then forced).
  const onSignal = (): void => requestQuit(controller);
  // A terminal hangs up once, though SIGHUP may come more than once (the shell, flowctl on
  // the terminal's EIO): never the second, forcing request (cli/up/signals.ts says more).
  const onHangup = (): void => {
    if (controller.overlay.kind !== 'quitting') requestQuit(controller);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const signal of signals) process.on(signal, onSignal);
  process.on('SIGHUP', onHangup);
  let result: TuiResult = {reason: 'quit'};
  let instance: ReturnType<typeof render> | undefined;
  try {
    terminal.enter();
    instance = render(createElement(App, {controller}), {
      stdout,
      stdin,
      maxFps: INK_MAX_FPS,
      incrementalRendering: false,
      patchConsole: false,
      exitOnCtrlC: false,
      onRender: ({renderTime}) => {
        if (options.onFrame === undefined) return;
        const at = controller.now();
        const input = controller.lastInputAt;
        controller.lastInputAt = undefined;
        options.onFrame({renderTimeMs: renderTime, drawMs: takeDrawMs(controller), inputToFrameMs: input === undefined ? undefined : at - input, at});
      },
    });
    const exited = instance.waitUntilExit().then(() => {
      throw new Error('the terminal UI ended unexpectedly');
    });
    await Promise.race([controller.done, exited]);
  } catch (error) {
    result = {reason: 'error', error: error instanceof Error ? error : new Error(String(error))};
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    process.off('SIGHUP', onHangup);
    try {
      instance?.unmount();
    } catch {
      // already unmounted after a render error
    }
    controller.dispose();
    terminal.restore();
    // An export still running is cancelled and its `.part` file removed before returning
    // (the process may exit right after): quitting leaves no half-written file behind.
    await controller.background.cancelAll();
    options.source.close();
  }
  return result;
}
