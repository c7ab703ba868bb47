/** resolveTarget: which pipeline and components a command means (rules in src/control/target.ts). */
import {describe, expect, it} from 'vitest';
import type {PipelineState} from '../../src/control/state-file.js';
import {dialAddress, resolveTarget, type LocalPipeline} from '../../src/control/target.js';

function state(patch: Partial<PipelineState> = {}): PipelineState {
  return {
    name: 'my-pipeline', file: '/p/pipeline.yaml', pid: process.pid, address: '127.0.0.1:8080', port: 8080, token: 't0k', tls: false,
    logDir: '/p/logs', storePath: '/p/logs/history.sqlite', runId: 'r1', startedAt: 1, components: ['source', 'ttp-processor'], ...patch,
  };
}

const a = state({name: 'alpha', file: '/a/pipeline.yaml', components: ['source', 'ttp-processor']});
const b = state({name: 'beta', file: '/b/pipeline.yaml', components: ['source', 'sink']});
/** A stopped pipeline's file in the current folder. */
const remote: LocalPipeline = {file: '/r/pipeline.yaml', given: false, name: 'remote-pipe', components: ['worker']};
const running = (s: PipelineState, components: string[] = []) => ({ok: true, value: {kind: 'running', target: {state: s, components}}});
const stopped = (pipelineName: string | undefined, local: LocalPipeline | undefined, components: string[] = []) => ({
  ok: true,
  value: {kind: 'not-running', pipelineName, local, components},
});

describe('resolveTarget without a pipeline file here', () => {
  it('a pipeline name, a component id alone with one pipeline, -p', () => {
    expect(resolveTarget([a], ['alpha'], undefined)).toEqual(running(a));
    expect(resolveTarget([a], ['ttp-processor'], undefined)).toEqual(running(a, ['ttp-processor']));
    expect(resolveTarget([a, b], ['source'], 'beta')).toEqual(running(b, ['source']));
    expect(resolveTarget([a, b], ['sink'], undefined)).toEqual(running(b, ['sink']));
    expect(resolveTarget([a, b], ['alpha', 'source'], undefined)).toEqual(running(a, ['source']));
  });

  it('not running: offline', () => {
    expect(resolveTarget([], ['x'], undefined)).toEqual(stopped(undefined, undefined, ['x']));
    expect(resolveTarget([a], [], 'gamma')).toEqual(stopped('gamma', undefined));
  });

  it('ambiguity and unknown names are explained', () => {
    expect(resolveTarget([a, b], [], undefined)).toEqual({ok: false, error: expect.stringMatching(/2 pipelines are running \(alpha, beta\).*-p\/--pipeline/)});
    expect(resolveTarget([a, b], ['source'], undefined)).toEqual({ok: false, error: expect.stringMatching(/exist in alpha and beta: use -p/)});
    expect(resolveTarget([a], ['nope'], undefined)).toEqual({
      ok: false,
      error: '"nope" is neither a pipeline nor a component of "alpha" (its components: source, ttp-processor); running: alpha [source, ttp-processor]',
    });
    expect(resolveTarget([a, b], ['nope'], undefined)).toEqual({ok: false, error: expect.stringMatching(/^"nope" is neither a pipeline nor a component; running: alpha \[.*\]; beta/)});
    expect(resolveTarget([a, b], ['alpha', 'beta'], undefined)).toEqual({ok: false, error: expect.stringMatching(/more than one pipeline named \(alpha, beta\)/)});
  });
});

describe('resolveTarget with a pipeline file here', () => {
  it('stopped-pipeline-while-another-runs: the file here names the pipeline, not the one running elsewhere', () => {
    // Plain `flowctl logs` / `status` / `down` in remote-pipe's folder while alpha runs.
    expect(resolveTarget([a], [], undefined, remote)).toEqual(stopped('remote-pipe', remote));
    // Its name, and its components, are known from the file.
    expect(resolveTarget([a], ['remote-pipe'], undefined, remote)).toEqual(stopped('remote-pipe', remote));
    expect(resolveTarget([a], ['worker'], undefined, remote)).toEqual(stopped('remote-pipe', remote, ['worker']));
    expect(resolveTarget([a, b], ['remote-pipe', 'worker'], undefined, remote)).toEqual(stopped('remote-pipe', remote, ['worker']));
    // Given as --file with two pipelines running: still that file's pipeline.
    const given = {...remote, given: true};
    expect(resolveTarget([a, b], [], undefined, given)).toEqual(stopped('remote-pipe', given));
  });

  it('running when a state file has its path, or else its name', () => {
    const here: LocalPipeline = {file: '/a/pipeline.yaml', given: false, name: 'alpha', components: ['source', 'ttp-processor']};
    expect(resolveTarget([a, b], [], undefined, here)).toEqual(running(a));
    expect(resolveTarget([a, b], ['source'], undefined, here)).toEqual(running(a, ['source']));
    // A copy of alpha's file elsewhere: its name finds it.
    expect(resolveTarget([a, b], [], undefined, {...here, file: '/copy/pipeline.yaml'})).toEqual(running(a));
    // A file that cannot be read is found by its path only.
    expect(resolveTarget([a, b], [], undefined, {...here, name: undefined, components: undefined})).toEqual(running(a));
    const unreadable: LocalPipeline = {file: '/x/pipeline.yaml', given: false, name: undefined, components: undefined};
    expect(resolveTarget([a], [], undefined, unreadable)).toEqual(stopped(undefined, unreadable));
  });

  it('a running pipeline named, or -p, wins over the file here', () => {
    expect(resolveTarget([a, b], ['beta'], undefined, remote)).toEqual(running(b));
    expect(resolveTarget([a, b], ['sink'], 'beta', remote)).toEqual(running(b, ['sink']));
    expect(resolveTarget([a], [], 'gamma', remote)).toEqual(stopped('gamma', undefined));
  });

  it('a name that is neither lists the running pipelines and the file here (exit 2 in the CLI)', () => {
    expect(resolveTarget([a], ['ttp-processor'], undefined, remote)).toEqual({
      ok: false,
      error:
        '"ttp-processor" is neither a pipeline nor a component of "remote-pipe" (not running; its components: worker); ' +
        'running: alpha [source, ttp-processor]; /r/pipeline.yaml is pipeline "remote-pipe" (not running)',
    });
    expect(resolveTarget([], ['x', 'y'], undefined, remote)).toEqual({ok: false, error: expect.stringMatching(/^"x", "y" are neither pipelines nor components of "remote-pipe" .*no pipeline is running; \/r\/pipeline.yaml is pipeline "remote-pipe"/)});
  });

  it('a given file and another pipeline name conflict', () => {
    expect(resolveTarget([a], [], 'alpha', {...remote, given: true})).toEqual({ok: false, error: '/r/pipeline.yaml is pipeline "remote-pipe", not "alpha": give one of them'});
  });
});

describe('resolveTarget with -p', () => {
  const web = state({name: 'web', file: '/w/pipeline.yaml', components: ['web', 'db']});

  it('pipeline-flag-names-component-of-same-name: with -p every NAME is a component id, even one equal to the pipeline name', () => {
    // restart -p web web, stop -p web web, logs -p web web: the component web, not the whole pipeline.
    expect(resolveTarget([web], ['web'], 'web')).toEqual(running(web, ['web']));
    expect(resolveTarget([web, a], ['web', 'db'], 'web')).toEqual(running(web, ['web', 'db']));
    expect(resolveTarget([a], ['alpha'], 'alpha')).toEqual({ok: false, error: expect.stringMatching(/^"alpha" is not a component of "alpha" \(its components: source, ttp-processor\)/)});
  });
});

describe('resolveTarget: a NAME that is a pipeline and a component', () => {
  const alpha = state({name: 'alpha', file: '/a/pipeline.yaml', components: ['src', 'beta']});
  const beta = state({name: 'beta', file: '/b/pipeline.yaml', components: ['x']});
  const alphaHere: LocalPipeline = {file: '/a/pipeline.yaml', given: false, name: 'alpha', components: ['src', 'beta']};
  const both = '"beta" is both a pipeline and a component of "alpha": use -p alpha beta for the component, -p beta for the pipeline';

  it('pipeline-and-component-name-is-ambiguous: in alpha\'s folder, "beta" is not silently pipeline beta', () => {
    // logs beta, stop beta, restart beta: the same error whatever the command.
    expect(resolveTarget([alpha, beta], ['beta'], undefined, alphaHere)).toEqual({ok: false, error: both});
    // No folder: the running pipelines' components are what a bare NAME may mean.
    expect(resolveTarget([alpha, beta], ['beta'], undefined)).toEqual({ok: false, error: both});
    const web = state({name: 'web', components: ['web', 'db']});
    expect(resolveTarget([web], ['web'], undefined)).toEqual({ok: false, error: expect.stringContaining('use -p web web for the component, -p web for the pipeline')});
  });

  it('pipeline-and-component-name-is-ambiguous: -p, or another pipeline named, settles it', () => {
    expect(resolveTarget([alpha, beta], ['beta'], 'alpha', alphaHere)).toEqual(running(alpha, ['beta']));
    expect(resolveTarget([alpha, beta], [], 'beta', alphaHere)).toEqual(running(beta));
    expect(resolveTarget([alpha, beta], ['alpha', 'beta'], undefined, alphaHere)).toEqual(running(alpha, ['beta']));
    // A pipeline name that no pipeline here holds as a component is still just the pipeline.
    expect(resolveTarget([alpha, beta], ['alpha'], undefined, alphaHere)).toEqual(running(alpha));
  });
});

describe('dialAddress', () => {
  it('dials loopback for a control plane bound to every interface', () => {
    expect(dialAddress({address: '0.0.0.0:4100', port: 4100})).toBe('127.0.0.1:4100');
    expect(dialAddress({address: '[::]:4100', port: 4100})).toBe('[::1]:4100');
    expect(dialAddress({address: '127.0.0.1:4100', port: 4100})).toBe('127.0.0.1:4100');
    expect(dialAddress({address: '[::1]:4100', port: 4100})).toBe('[::1]:4100');
  });
});
