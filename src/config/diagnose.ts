/** Small constructors so every module builds diagnostics the same way. */
import type {Diagnostic, SourceLocation} from './diagnostic.js';

export interface DiagnosticDetails {
  path?: string | undefined;
  location?: SourceLocation | undefined;
  hint?: string | undefined;
}

export function errorDiagnostic(code: string, message: string, details: DiagnosticDetails = {}): Diagnostic {
  return {severity: 'error', code, message, path: details.path, location: details.location, hint: details.hint};
}

export function warningDiagnostic(code: string, message: string, details: DiagnosticDetails = {}): Diagnostic {
  return {severity: 'warning', code, message, path: details.path, location: details.location, hint: details.hint};
}

/** Errors first, then by file and position; identical diagnostics collapse into one. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((diagnostic) => {
    const key = JSON.stringify(diagnostic);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rank = (d: Diagnostic): number => (d.severity === 'error' ? 0 : 1);
  return unique.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.location?.file ?? '').localeCompare(b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.col ?? 0) - (b.location?.col ?? 0),
  );
}

/** More than this many diagnostics for one file is one mistake repeated, or the wrong file. */
export const MAX_SHOWN_DIAGNOSTICS = 200;

/** The first MAX_SHOWN_DIAGNOSTICS of sorted `diagnostics`, then one saying how many more there are. */
export function capDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_SHOWN_DIAGNOSTICS) return diagnostics;
  const rest = diagnostics.slice(MAX_SHOWN_DIAGNOSTICS);
  const errors = rest.filter((diagnostic) => diagnostic.severity === 'error').length;
  const warnings = rest.length - errors;
  const counts = [errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
  const more = (errors > 0 ? errorDiagnostic : warningDiagnostic)('more-diagnostics', `… and ${rest.length} more (${counts}) not shown`, {
    hint: `only the first ${MAX_SHOWN_DIAGNOSTICS} are shown; fix those and run again`,
  });
  return [...diagnostics.slice(0, MAX_SHOWN_DIAGNOSTICS), more];
}
