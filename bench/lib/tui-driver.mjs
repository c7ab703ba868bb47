/**
 * The TUI figure's driver, one process like `flowctl up` in a terminal: the real `runUp`
 * (supervisor, hub, ring, files, SQLite history) with the real `runTui` drawing real Ink
 * frames into a fake 120×40 terminal (a stream that says it is a TTY and keeps no bytes but
 * the last frame), keys written to a fake stdin.
 *
 * Key press → frame: each key has a planned press time (a timer); the latency runs from that
 * planned time to the first frame written afterwards whose text shows the key's effect. A
 * timer fires late when the event loop is busy, exactly like a real key waits in the kernel's
 * buffer until the loop reads the terminal, so that delay is part of the figure.
 *
 * Render's share of the supervisor's CPU: the time spent drawing frames (the UI's lines,
 * Ink's layout and output, the write) over the process's CPU time (all threads, so the
 * history writer too) while the flood ran. React's reconciliation of the ~40 rows is not in
 * it (Ink does not expose it).
 *
 * With `latency` as the fifth argument (workload D), no keys are pressed until the pipeline
 * ends: each frame is searched for the lines it shows first (`frame-latency.mjs`), and the
 * print → frame latency of each is reported.
 *
 * Usage: node tui-driver.mjs <root> <pipeline.yaml> <logDir> <minKeys> [latency]; prints JSON on stdout.
 */
import {EventEmitter} from 'node:events';
import {PassThrough, Writable} from 'node:stream';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {FrameLatency, nowEpochUs} from './frame-latency.mjs';

const [root, file, logDir, minKeysText, mode] = process.argv.slice(2);
const printToFrame = mode === 'latency' ? new FrameLatency() : undefined;
if (root === undefined || file === undefined || logDir === undefined) throw new Error('usage: tui-driver.mjs <root> <pipeline.yaml> <logDir> <minKeys>');
const minKeys = Number(minKeysText ?? 10);
const load = (/** @type {string} */ path) => import(pathToFileURL(join(root, 'dist', path)).href);
const {runUp} = await load('cli/up/session.js');
const {runTui, createLocalTuiSource} = await load('tui/index.js');

const COLUMNS = 120;
const ROWS = 40;
/** Each key and the text its frame shows (NO_COLOR: plain text in Ink's output). */
const KEYS = [
  {key: '4', name: '4 (level ≥ warn)', shows: 'level≥warn'},
  {key: '\x1b[5~', name: 'PgUp (pause)', shows: '⏸ paused'},
  {key: '1', name: '1 (all levels)', shows: 'filter: none'},
  {key: 'G', name: 'G (follow)', shows: '● following'},
];

/** A terminal that keeps nothing but counts, and hands each frame's text to `onWrite`. */
class FakeTty extends Writable {
  isTTY = true;
  columns = COLUMNS;
  rows = ROWS;
  bytes = 0;
  writeMs = 0;
  /** @type {(text: string) => void} */
  onWrite = () => undefined;
  constructor() {
    super({decodeStrings: false});
  }
  hasColors() {
    return false;
  }
  /** @param {string | Buffer} chunk @param {BufferEncoding} _enc @param {() => void} done */
  _write(chunk, _enc, done) {
    const started = performance.now();
    const text = typeof chunk === 'string' ? chunk : chunk.toString();
    this.bytes += text.length;
    this.onWrite(text);
    this.writeMs += performance.now() - started;
    done();
  }
}

function fakeStdin() {
  const stdin = /** @type {PassThrough & {isTTY: boolean, isRaw: boolean, setRawMode(m: boolean): unknown, ref(): void, unref(): void}} */ (new PassThrough());
  stdin.isTTY = true;
  stdin.isRaw = false;
  stdin.setRawMode = (mode) => {
    stdin.isRaw = mode;
    return stdin;
  };
  stdin.ref = () => undefined;
  stdin.unref = () => undefined;
  return stdin;
}

const stdout = new FakeTty();
const stdin = fakeStdin();
const frames = {count: 0, drawMs: 0, inkMs: 0};
/** @type {{name: string, plannedAt: number, latencyMs?: number, inputToFrameMs?: number, duringFlood: boolean}[]} */
const presses = [];
/** The key → frame time of the frame being written (onRender runs just before Ink writes it). */
let frameInputToFrameMs = /** @type {number | undefined} */ (undefined);
let framesDuringFlood = 0;
/** @type {{shows: string, resolve: (inputToFrameMs: number | undefined) => void} | undefined} */
let waiting;
stdout.onWrite = (text) => {
  printToFrame?.frame(text, nowEpochUs());
  if (waiting !== undefined && text.includes(waiting.shows)) waiting.resolve(frameInputToFrameMs);
};

let flood = {running: false, startedAt: 0, endedAt: 0, cpuStart: process.cpuUsage(), cpu: {user: 0, system: 0}, lines: 0, renderMs: 0, writeStart: 0};
let renderDuringFlood = 0;

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function pressKeys(/** @type {any} */ running) {
  const ended = () => {
    const statuses = running.control.status();
    return statuses.length > 0 && statuses.every((/** @type {any} */ s) => ['exited', 'failed', 'stopped'].includes(s.state));
  };
  if (printToFrame !== undefined) {
    // D: the UI left alone while the lines come; then quit as a user would.
    while (!ended()) await sleep(50);
    stdin.write('q');
    return;
  }
  // The flood starts when the first lines arrive.
  while (running.hub.nextSeq < 1000 && !ended()) await sleep(5);
  flood.running = true;
  flood.startedAt = performance.now();
  flood.cpuStart = process.cpuUsage();
  flood.writeStart = stdout.writeMs;
  renderDuringFlood = 0;
  const startSeq = running.hub.nextSeq;
  let index = 0;
  while (!ended() || presses.length < minKeys) {
    if (flood.running && ended()) endFlood(running.hub.nextSeq - startSeq);
    const spec = KEYS[index++ % KEYS.length];
    if (spec === undefined) break;
    /** @type {Promise<number | undefined>} */
    const shown = new Promise((resolve) => (waiting = {shows: spec.shows, resolve}));
    // A human-like gap between keys, planned on the wall clock.
    const plannedAt = performance.now() + 60 + Math.random() * 90;
    await new Promise((resolve) => setTimeout(resolve, plannedAt - performance.now()));
    const press = {name: spec.name, plannedAt, duringFlood: flood.running, latencyMs: /** @type {number | undefined} */ (undefined), inputToFrameMs: /** @type {number | undefined} */ (undefined)};
    stdin.write(spec.key);
    // Split of the latency: key handled → frame (the UI's part: frame pacing, drawing, Ink),
    // the rest is the wait before the event loop got to the key (a busy loop, like a terminal's).
    const timedOut = await Promise.race([shown.then((ms) => ((press.inputToFrameMs = ms), false)), sleep(10_000).then(() => true)]);
    waiting = undefined;
    if (!timedOut) press.latencyMs = performance.now() - plannedAt;
    presses.push(press);
  }
  if (flood.running) endFlood(running.hub.nextSeq - startSeq);
  stdin.write('q');
}

function endFlood(/** @type {number} */ lines) {
  flood.running = false;
  flood.endedAt = performance.now();
  flood.cpu = process.cpuUsage(flood.cpuStart);
  flood.lines = lines;
  flood.renderMs = renderDuringFlood + (stdout.writeMs - flood.writeStart);
}

const exitCode = await runUp(
  {file, cwd: root, color: false, timestamps: false, logPrefix: true, raw: false, logDir, store: true, abortOnExit: false, exitCodeFrom: undefined, controlPlane: false, controlPlaneAddress: '127.0.0.1', controlPlanePort: 0, token: undefined, tls: undefined},
  {
    out: new Writable({write: (_chunk, _enc, done) => done()}),
    err: (/** @type {string} */ text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    signals: new EventEmitter(),
    env: process.env,
    runInteractive: async (/** @type {any} */ running) => {
      const keys = pressKeys(running);
      const result = await runTui({
        source: createLocalTuiSource({hub: running.hub, control: running.control, store: running.store}),
        pipelineName: running.pipeline.name,
        logDir: running.logDir,
        stdin,
        stdout,
        env: {NO_COLOR: '1'},
        onFrame: (/** @type {any} */ info) => {
          frames.count++;
          frameInputToFrameMs = info.inputToFrameMs;
          if (flood.running) framesDuringFlood++;
          frames.drawMs += info.drawMs;
          frames.inkMs += info.renderTimeMs;
          if (flood.running) renderDuringFlood += info.drawMs + info.renderTimeMs;
        },
      });
      await keys;
      if (result.reason === 'error') throw result.error;
    },
  },
);

const floodS = (flood.endedAt - flood.startedAt) / 1000;
const cpuMs = (flood.cpu.user + flood.cpu.system) / 1000;
process.stdout.write(
  JSON.stringify({
    exitCode,
    columns: COLUMNS,
    rows: ROWS,
    floodS,
    floodLines: flood.lines,
    linesPerS: floodS > 0 ? flood.lines / floodS : 0,
    cpuS: cpuMs / 1000,
    renderS: flood.renderMs / 1000,
    renderShare: cpuMs > 0 ? flood.renderMs / cpuMs : 0,
    frames: frames.count,
    framesDuringFlood,
    drawS: frames.drawMs / 1000,
    inkS: frames.inkMs / 1000,
    writeS: stdout.writeMs / 1000,
    bytesWritten: stdout.bytes,
    presses,
    printToFrameMs: printToFrame?.latenciesMs,
  }) + '\n',
);
