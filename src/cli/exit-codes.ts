/** Exit codes, documented in the README. */
export const EXIT_OK = 0;
/** A component failed, a pipeline could not be reached, an I/O error at run time. */
export const EXIT_RUNTIME = 1;
/** Bad flags or arguments, or a pipeline file that does not validate. */
export const EXIT_USAGE = 2;
