/**
 * Diagnostics are data with a source location; printing is separate (wireit's habit).
 * Config errors, CLI usage errors and runtime refusals share this one shape.
 */
export interface SourceLocation {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** Characters to underline on that line (at least 1). */
  length: number;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. `unknown-key`, `dependency-cycle`. */
  code: string;
  message: string;
  /** Dotted path in the document, e.g. `spec.sources[0].health_check`. */
  path: string | undefined;
  location: SourceLocation | undefined;
  /** "did you mean …", "add a `command`", … */
  hint: string | undefined;
}
