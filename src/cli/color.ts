/**
 * Whether flowctl's own output uses colour: `--no-color` and `NO_COLOR` (no-color.org) turn
 * it off, `FORCE_COLOR` (other than 0/false) turns it on for pipes too, else only on a terminal.
 */
export function wantsColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY;
}
