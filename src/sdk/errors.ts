/** The one error type the SDK throws, with a code to branch on. */

export type FlowctlErrorCode =
  /** No running pipeline matches (see `message` for what runs). */
  | 'not-running'
  /** Several pipelines run and none was named. */
  | 'ambiguous'
  /** The control plane did not answer (the pipeline stopped, or a network problem). */
  | 'unreachable'
  /** The control plane wants a token, or a different one. */
  | 'unauthenticated'
  /** No such component or run. */
  | 'not-found'
  /** A filter term is invalid (`term` says which). */
  | 'bad-filter'
  /** The pipeline refused the action (e.g. stopping a stopped component). */
  | 'refused'
  | 'failed';

export class FlowctlError extends Error {
  readonly code: FlowctlErrorCode;
  /** For `bad-filter`: the option that was wrong (`since`, `levels`, …). */
  readonly term: string | undefined;

  constructor(code: FlowctlErrorCode, message: string, term?: string) {
    super(message);
    this.name = 'FlowctlError';
    this.code = code;
    this.term = term;
  }
}
