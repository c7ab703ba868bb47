/** Capture end to end: real children, real pipes, real files. Nothing lost, nothing mangled. */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {TRUNCATED_MARK} from '../../src/logs/split.js';
import {Supervisor} from '../../src/supervisor/supervisor.js';
import {component, createHub, fixture, nodeScript, pipeline, tempDir, waitFor} from '../supervisor/support/pipeline.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup() {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  return {dir: tmp.dir, hub: createHub(), logOf: (id: string) => readFileSync(join(tmp.dir, 'logs', `${id}.log`), 'utf8')};
}

describe('capture', () => {
  it('two components each bursting 100 000 lines right before exit: every line is in its logs/<id>.log, exactly', async () => {
    const {dir, hub, logOf} = setup();
    const ids = ['bursty-a', 'bursty-b'];
    const env = {HEALTH_PORT: '0', LINES: '5', RATE: '0', BURST: '100000', SEQ_PREFIX: '1'};
    // Two fixtures, so the two bursts reach the supervisor at the same time through different pipes.
    const supervisor = new Supervisor({
      pipeline: pipeline(dir, [component(ids[0]!, fixture('processor'), {env}), component(ids[1]!, fixture('consumer'), {env})]),
      hub,
    });
    await supervisor.start();
    expect(await supervisor.done).toEqual({exitCode: 0});
    for (const id of ids) {
      const lines = logOf(id).split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.filter((l) => / burst line \d+ of 100000$/.test(l))).toHaveLength(100_000);
      // SEQ_PREFIX numbers every printed line across stdout and stderr: none missing, none twice, none from the other.
      const seqs = lines.map((l) => Number(new RegExp(`^${id} (\\d+) `).exec(l)?.[1])).sort((a, b) => a - b);
      expect(seqs.every((seq, i) => seq === i + 1)).toBe(true);
      expect(supervisor.status().find((s) => s.id === id)?.lines).toBe(lines.length);
    }
  });

  it('CRLF, lone CR, invalid UTF-8, a character split across writes, over-long and unterminated lines', async () => {
    const {dir, hub, logOf} = setup();
    const long = 'x'.repeat(3000);
    const bytes = Buffer.concat([
      Buffer.from('windows\r\n'),
      Buffer.from('progress 10%\rprogress 100%\n'),
      Buffer.from([0x62, 0x61, 0x64, 0x20, 0xff, 0xfe, 0x0a]),
      Buffer.from('price 5 €\n'),
      Buffer.from(`${long}\n`),
      Buffer.from('after long\n'),
      Buffer.from('no newline at the end'),
    ]);
    const euro = bytes.indexOf(Buffer.from('€'));
    const p = pipeline(dir, [
      component('emit', fixture('emit'), {env: {EMIT_BASE64: bytes.toString('base64'), EMIT_CHUNKS: `${euro + 1},${euro + 2}`, EMIT_DELAY_MS: '30'}}),
    ]);
    p.logging.maxLineBytes = 1024;
    const supervisor = new Supervisor({pipeline: p, hub});
    await supervisor.start();
    await supervisor.done;
    const output = hub.ring.query(undefined).filter((e) => e.stream === 'stdout');
    expect(output.map((e) => [e.raw.length > 100 ? `${e.raw.length} chars` : e.raw, e.truncated])).toEqual([
      ['windows', false],
      ['progress 100%', false],
      ['bad \uFFFD\uFFFD', false],
      ['price 5 €', false],
      ['1024 chars', true],
      ['after long', false],
      ['no newline at the end', false],
    ]);
    // truncated-unmarked-in-file: the cut line says so in the file too.
    expect(logOf('emit').split('\n').map((l) => (l.length > 100 ? l.replace(/^x{1024}/, '1024 x') : l))).toEqual([
      'windows', 'progress 100%', 'bad \uFFFD\uFFFD', 'price 5 €', `1024 x${TRUNCATED_MARK}`, 'after long', 'no newline at the end', '',
    ]);
  });

  it('a partial line (a prompt) is delivered after a short idle time while the child still runs', async () => {
    const {dir, hub} = setup();
    const supervisor = new Supervisor({
      pipeline: pipeline(dir, [component('prompt', nodeScript('process.stdout.write("Password: "); setTimeout(() => {}, 60000)'))]),
      hub,
    });
    await supervisor.start();
    await waitFor(() => hub.ring.query(undefined).some((e) => e.raw === 'Password: '), 'the prompt');
    expect(supervisor.status()[0]?.state).toBe('running');
    await supervisor.shutdown({force: true});
  });

  it('keeps stdout and stderr apart and the previous run’s file as <id>.log.1', async () => {
    const {dir, hub, logOf} = setup();
    const p = pipeline(dir, [component('two', nodeScript('console.log("to out"); console.error("to err")'))]);
    const first = new Supervisor({pipeline: p, hub});
    await first.start();
    await first.done;
    const second = new Supervisor({pipeline: p, hub: createHub()});
    await second.start();
    await second.done;
    expect(readFileSync(join(dir, 'logs', 'two.log.1'), 'utf8').split('\n').sort()).toEqual(['', 'to err', 'to out']);
    expect(logOf('two').split('\n').sort()).toEqual(['', 'to err', 'to out']);
    const streams = hub.ring.query(undefined).filter((e) => e.stream !== 'control').map((e) => [e.stream, e.raw]);
    expect(streams.sort()).toEqual([
      ['stderr', 'to err'],
      ['stdout', 'to out'],
    ]);
  });

  it('children get the flowctl environment, the component env, colour and unbuffered output', async () => {
    const {dir, hub} = setup();
    const script = 'for (const k of ["ENABLE_FLOWCTL","FLOWCTL_COMPONENT_ID","FLOWCTL_SERVICE_ID","FLOWCTL_HEARTBEAT_INTERVAL","FLOWCTL_ENDPOINT","FLOWCTL_CAPTURED","FORCE_COLOR","PYTHONUNBUFFERED","HEALTH_PORT","MY_VAR"]) console.log(k + "=" + process.env[k])';
    const supervisor = new Supervisor({
      pipeline: pipeline(dir, [component('envy', nodeScript(script), {env: {MY_VAR: 'mine'}, healthPort: 8089})]),
      hub,
      controlPlaneAddress: '127.0.0.1:8080',
      color: true,
      checkPorts: false,
    });
    await supervisor.start();
    await supervisor.done;
    expect(hub.ring.query(undefined).filter((e) => e.stream === 'stdout').map((e) => e.raw)).toEqual([
      'ENABLE_FLOWCTL=true',
      'FLOWCTL_COMPONENT_ID=envy',
      'FLOWCTL_SERVICE_ID=envy',
      'FLOWCTL_HEARTBEAT_INTERVAL=10s',
      'FLOWCTL_ENDPOINT=127.0.0.1:8080',
      'FLOWCTL_CAPTURED=1',
      'FORCE_COLOR=1',
      'PYTHONUNBUFFERED=1',
      'HEALTH_PORT=8089',
      'MY_VAR=mine',
    ]);
  });
});
