/**
 * The message of something thrown or reported as an error. Not every error is an `Error`
 * here: one thrown in a worker thread crosses the boundary by structured clone, and an error
 * of another class arrives as a plain object; better-sqlite3's SqliteError as `{code}` alone,
 * without its message, so the code is what there is to say.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error !== 'object' || error === null) return String(error);
  const {message, code} = error as {message?: unknown; code?: unknown};
  if (typeof message === 'string') return message;
  return typeof code === 'string' ? code : String(error);
}
