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
