import {describe, expect, it} from 'vitest';
import {buildChildEnv, execaSpawn, killProcessGroup} from '../../src/supervisor/spawn.js';
import {component} from './support/pipeline.js';

const base = {index: 2, controlPlaneAddress: undefined, color: false};

describe('buildChildEnv', () => {
  it('layers parent < component env < injected FLOWCTL_* variables', () => {
    const c = component('svc', ['x'], {env: {SHARED: 'component', ENABLE_FLOWCTL: 'false', FLOWCTL_COMPONENT_ID: 'wrong'}});
    const env = buildChildEnv(c, {SHARED: 'parent', ONLY_PARENT: 'p', UNSET: undefined}, base);
    expect(env).toMatchObject({
      SHARED: 'component',
      ONLY_PARENT: 'p',
      ENABLE_FLOWCTL: 'true',
      FLOWCTL_COMPONENT_ID: 'svc',
      FLOWCTL_SERVICE_ID: 'svc',
      FLOWCTL_HEARTBEAT_INTERVAL: '10s',
      FLOWCTL_CAPTURED: '1',
      PYTHONUNBUFFERED: '1',
    });
    expect('UNSET' in env).toBe(false);
    expect(env.FORCE_COLOR).toBeUndefined();
    expect(env.FLOWCTL_ENDPOINT).toBeUndefined();
  });

  it('HEALTH_PORT: kept when set, else health_port, else flowctl’s 18080 + position + 1', () => {
    const env = (overrides: Parameters<typeof component>[2], parent = {}) =>
      buildChildEnv(component('svc', ['x'], {env: {}, ...overrides}), parent, base).HEALTH_PORT;
    expect(env({env: {HEALTH_PORT: '9000'}, healthPort: 8081})).toBe('9000');
    expect(env({healthPort: 8081})).toBe('8081');
    expect(env({})).toBe('18083');
    expect(env({}, {HEALTH_PORT: '7000'})).toBe('7000');
  });

  it('FORCE_COLOR when the viewer shows colour, unless the component chose; FLOWCTL_ENDPOINT with a control plane', () => {
    const c = component('svc', ['x'], {env: {}});
    expect(buildChildEnv(c, {}, {...base, color: true, controlPlaneAddress: '127.0.0.1:8080'})).toMatchObject({
      FORCE_COLOR: '1',
      FLOWCTL_ENDPOINT: '127.0.0.1:8080',
    });
    const chose = component('svc', ['x'], {env: {FORCE_COLOR: '0', PYTHONUNBUFFERED: ''}});
    expect(buildChildEnv(chose, {}, {...base, color: true})).toMatchObject({FORCE_COLOR: '0', PYTHONUNBUFFERED: ''});
  });
});

describe('buildChildEnv: the control plane token', () => {
  it('hands the token to children as FLOWCTL_TOKEN only when the control plane requires one', () => {
    const c = component('svc', ['x'], {env: {}});
    expect(buildChildEnv(c, {}, {...base, controlPlaneAddress: '10.0.0.5:8080', controlPlaneToken: 's3cret'}).FLOWCTL_TOKEN).toBe('s3cret');
    expect(buildChildEnv(c, {}, {...base, controlPlaneAddress: '127.0.0.1:8080', controlPlaneToken: ''}).FLOWCTL_TOKEN).toBeUndefined();
  });
});

describe('execaSpawn', () => {
  it('runs the child in its own process group with exactly the given environment', async () => {
    const child = execaSpawn({
      file: process.execPath,
      args: ['-e', 'const fs = require("fs"); const stat = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" "); console.log(JSON.stringify({pgid: Number(stat[2]), only: process.env.ONLY, path: process.env.PATH}))'],
      cwd: process.cwd(),
      env: {ONLY: 'this'},
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const ended = new Promise((resolve) => child.stdout.once('end', resolve));
    const spawned = await child.spawned;
    expect(spawned).toEqual({ok: true, pid: child.pid});
    expect(await child.exited).toEqual({code: 0, signal: null});
    await ended;
    expect(JSON.parse(out)).toEqual({pgid: child.pid, only: 'this'});
  });

  it('reports an OS spawn failure as a value', async () => {
    const child = execaSpawn({file: '/nonexistent/program', args: [], cwd: process.cwd(), env: {}});
    const spawned = await child.spawned;
    expect(spawned.ok).toBe(false);
    expect(spawned.ok ? '' : spawned.message).toMatch(/ENOENT/);
    expect(await child.exited).toEqual({code: null, signal: null});
  });

  it('a group kill reaches the whole group, and a gone group is not an error', async () => {
    const child = execaSpawn({file: '/bin/sh', args: ['-c', 'sleep 30 & sleep 30 & wait'], cwd: process.cwd(), env: {PATH: process.env.PATH ?? ''}});
    child.stdout.resume();
    child.stderr.resume();
    const closed = new Promise((resolve) => child.stdout.once('close', resolve));
    const spawned = await child.spawned;
    if (!spawned.ok) throw new Error(spawned.message);
    await new Promise((resolve) => setTimeout(resolve, 200));
    killProcessGroup(spawned.pid, 'SIGTERM');
    expect(await child.exited).toEqual({code: null, signal: 'SIGTERM'});
    // The pipes end only when every member (both sleeps) is gone.
    await closed;
    expect(() => killProcessGroup(spawned.pid, 'SIGKILL')).not.toThrow();
  });
});
