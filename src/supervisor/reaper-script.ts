/**
 * The reaper: insurance against the supervisor dying without cleaning up (SIGKILL, OOM kill,
 * a crash past every handler). Nothing runs in a process that is SIGKILLed, so the cleanup
 * must live in another process: this one, started detached (own session, so Ctrl+C and a
 * closing terminal do not reach it) with a pipe from the supervisor on stdin.
 *
 * Protocol, one line each: `+<pgid>` a process group to kill if the supervisor dies,
 * `-<pgid>` forget it (it ended normally), `bye` the supervisor is exiting cleanly.
 * End of input without `bye` means the supervisor is gone: SIGTERM every remembered group,
 * wait (REAPER_GRACE_MS, default 2000), SIGKILL what is left, and exit.
 *
 * REAPER_MARK names the supervisor's run mark (`run-mark.ts`): every process whose environment
 * holds `<mark>=` is signalled with the groups. That reaches a grandchild that called setsid
 * after the supervisor's last scan, whose group the reaper was never told about. One `grep -l`
 * over every `/proc/<pid>/environ` finds them (a fork per process would take a second on a busy host);
 * the KILL pass repeats while it finds any, since a marked process may fork meanwhile.
 *
 * A POSIX shell script, not a second `node`: it idles for the whole run, and a node process
 * costs ~44 MB of RSS for that (measured on workload A: the supervisor's tree peaked at
 * 242 MB, 44 of them the reaper) where `sh` costs ~1.5 MB. Everything it uses is a builtin
 * of dash, bash and busybox ash except `sleep` (fractional seconds: GNU, busybox and BSD) and
 * `grep` (`-lsF`: POSIX).
 */
export const REAPER_SCRIPT = `
# Signals aimed at the supervisor's terminal or group must not take the reaper down with it.
trap '' INT TERM HUP PIPE
grace_ms=\${REAPER_GRACE_MS:-2000}
case $grace_ms in '' | *[!0-9]*) grace_ms=2000 ;; esac
mark=\${REAPER_MARK:-}
# A mark is a variable name; anything else would be a grep pattern we did not mean.
case $mark in *[!A-Za-z0-9_]*) mark='' ;; esac
groups=' '
echo ready
while IFS= read -r line; do
  case $line in
    bye) exit 0 ;;
  esac
  pgid=\${line#?}
  # Digits only, and never 0 or 1: "kill -- -1" would signal every process we may signal.
  case $pgid in '' | *[!0-9]* | 0 | 1) continue ;; esac
  case $line in
    +*) case $groups in *" $pgid "*) ;; *) groups="$groups$pgid " ;; esac ;;
    -*) case $groups in *" $pgid "*) groups="\${groups%% $pgid *} \${groups#* $pgid }" ;; esac ;;
  esac
done
# End of input without "bye": the supervisor is gone.
# Signals every process carrying the mark (never this shell); succeeds when it found one.
signal_marked() {
  [ -n "$mark" ] || return 1
  found=1
  for file in $(grep -lsF -e "$mark=" /proc/[0-9]*/environ); do
    pid=\${file#/proc/}
    pid=\${pid%/environ}
    case $pid in '' | *[!0-9]* | 0 | 1 | "$$") continue ;; esac
    kill -s "$1" "$pid" 2>/dev/null && found=0
  done
  return $found
}
for pgid in $groups; do kill -s TERM -- "-$pgid" 2>/dev/null; done
signal_marked TERM && marked=yes || marked=
[ "$groups" = ' ' ] && [ -z "$marked" ] && exit 0
sleep "$((grace_ms / 1000)).$(printf '%03d' $((grace_ms % 1000)))"
for pgid in $groups; do kill -s KILL -- "-$pgid" 2>/dev/null; done
rounds=0
while [ $rounds -lt 5 ] && signal_marked KILL; do rounds=$((rounds + 1)); done
exit 0
`;
