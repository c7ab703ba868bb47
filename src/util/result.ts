/**
 * Expected failures are values, not exceptions (wireit's habit): a function that can
 * fail for a reason the user must hear about returns a `Result`. `throw` is for bugs.
 */
export type Result<T, E> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly error: E};

export const ok = <T>(value: T): {readonly ok: true; readonly value: T} => ({ok: true, value});
export const err = <E>(error: E): {readonly ok: false; readonly error: E} => ({ok: false, error});
