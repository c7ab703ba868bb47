// The reaper: insurance against the supervisor dying without cleaning up (SIGKILL, OOM kill,
// a crash past every handler). Nothing runs in a process that is SIGKILLed, so the cleanup
// must live in another process: this one, started detached (own session, so Ctrl+C and a
// closing terminal do not reach it) with a pipe from the supervisor on stdin.
//
// Protocol, one line each: `+<pgid>` a process group to kill if the supervisor dies,
// `-<pgid>` forget it (it ended normally), `bye` the supervisor is exiting cleanly.
// End of input without `bye` means the supervisor is gone: SIGTERM every remembered group,
// wait (REAPER_GRACE_MS, default 2000), SIGKILL what is left, and exit.
//
// Plain JavaScript on purpose: it runs as its own `node` process, from `src/` under vitest
// and from `dist/` once built, without a TypeScript loader.
import process from 'node:process';

const graceMs = Number(process.env.REAPER_GRACE_MS ?? '2000');
const groups = new Set();
let clean = false;
let pending = '';
let gone = false;

// Signals aimed at the supervisor's terminal or group must not take the reaper down with it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGPIPE']) process.on(signal, () => undefined);

function signalGroups(signal) {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, signal);
    } catch {
      // Already gone (ESRCH): nothing to do.
      groups.delete(pgid);
    }
  }
}

function handleLine(line) {
  if (line === 'bye') {
    clean = true;
    return;
  }
  const pgid = Number(line.slice(1));
  if (!Number.isSafeInteger(pgid) || pgid <= 1) return;
  if (line.startsWith('+')) groups.add(pgid);
  else if (line.startsWith('-')) groups.delete(pgid);
}

process.stdin.on('data', (chunk) => {
  pending += chunk.toString('utf8');
  let newline = pending.indexOf('\n');
  while (newline !== -1) {
    handleLine(pending.slice(0, newline).trim());
    pending = pending.slice(newline + 1);
    newline = pending.indexOf('\n');
  }
});

function onSupervisorGone() {
  if (gone) return;
  gone = true;
  if (clean || groups.size === 0) process.exit(0);
  signalGroups('SIGTERM');
  // Not unref'd: the reaper must stay alive until the escalation ran.
  setTimeout(() => {
    signalGroups('SIGKILL');
    process.exit(0);
  }, graceMs);
}

process.stdin.on('end', onSupervisorGone);
process.stdin.on('error', onSupervisorGone);
// Tell the supervisor the pipe is being read (it waits for this before relying on us).
process.stdout.write('ready\n');
