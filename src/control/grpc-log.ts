/**
 * grpc-js writes its own log lines to stderr (`E No address added out of total 1 resolved`
 * when a port is taken, before flowctl says so properly). In flowctl they go through the
 * caller's reporting instead (the control plane's notices, which `up` shows in its view),
 * minus the ones flowctl already reports in its own words.
 */
import * as grpc from '@grpc/grpc-js';

/** Messages of grpc-js that a flowctl result already carries, better said. */
const REPORTED_BY_FLOWCTL = [
  // bindAsync's callback gets the same failure, with the cause: the server reports that.
  /^No address added out of total \d+ resolved/,
];

/** Whether a grpc-js log line says something flowctl does not already say. */
export function isNewsFromGrpc(message: string): boolean {
  return !REPORTED_BY_FLOWCTL.some((pattern) => pattern.test(message));
}

/**
 * Routes grpc-js's log (errors only: its info and debug lines are for its developers) to
 * `report`. Process-wide, as grpc-js's logger is: the last caller wins.
 */
export function routeGrpcLog(report: (message: string) => void): void {
  const forward = (message?: unknown, ...rest: unknown[]): void => {
    const text = [message, ...rest].map(String).join(' ');
    if (isNewsFromGrpc(text)) report(text);
  };
  grpc.setLogVerbosity(grpc.logVerbosity.ERROR);
  grpc.setLogger({error: forward, info: () => undefined, debug: () => undefined});
}
