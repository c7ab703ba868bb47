/**
 * Ink decides once, when its module is first evaluated, whether it runs "in CI" (the `is-in-ci`
 * package: `CI` or `CONTINUOUS_INTEGRATION` set and not "0"/"false"). In that mode it writes no
 * frame until the app unmounts, so `flowctl up` on a real terminal shows a blank screen for as
 * long as it runs: a user who exports CI=1 in their shell, or any CI job driving the UI through
 * tmux, sees nothing. flowctl starts the UI only when stdin and stdout are terminals, so being
 * "in CI" says nothing about how to draw. This module's body runs before Ink's (see ../ink.ts)
 * and hides the variables; `restoreCiEnv` puts them back right after, so children still inherit
 * them.
 */
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

const hidden = new Map<string, string>();
for (const name of CI_VARIABLES) {
  const value = process.env[name];
  if (value !== undefined) {
    hidden.set(name, value);
    delete process.env[name];
  }
}

export function restoreCiEnv(): void {
  for (const [name, value] of hidden) process.env[name] = value;
  hidden.clear();
}
