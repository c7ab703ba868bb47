/**
 * The message of something thrown or reported as an error. Not every error is an `Error`
 * here: one thrown in a worker thread crosses the boundary by structured clone, and an error
 * of another class (better-sqlite3's SqliteError) may arrive as a plain object, or not an
 * object at all.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = typeof error === 'object' && error !== null ? (error as {message?: unknown}).message : undefined;
  return typeof message === 'string' ? message : String(error);
}
