/** Small adapters between async functions returning values/statuses and grpc-js callbacks. */
import * as grpc from '@grpc/grpc-js';

/** A gRPC status to answer with: the expected-failure value of a handler. */
export interface StatusFailure {
  code: grpc.status;
  details: string;
}

export const fail = (code: grpc.status, details: string): StatusFailure => ({code, details});

export function isFailure(value: unknown): value is StatusFailure {
  return typeof value === 'object' && value !== null && 'code' in value && 'details' in value && !('ok' in value);
}

function toServiceError(failure: StatusFailure): Partial<grpc.StatusObject> & Error {
  return Object.assign(new Error(failure.details), {code: failure.code, details: failure.details, metadata: new grpc.Metadata()});
}

/**
 * Wraps an async unary handler. A thrown exception is a bug in flowctl: it is answered with
 * INTERNAL (and reported through `onBug`) instead of taking the pipeline down.
 */
export function unary<Req, Res>(
  fn: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res | StatusFailure> | Res | StatusFailure,
  onBug: (error: unknown) => void,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call.request, call))
      .then(
        (result) => {
          if (isFailure(result)) callback(toServiceError(result));
          else callback(null, result);
        },
        (error: unknown) => {
          onBug(error);
          callback(toServiceError(fail(grpc.status.INTERNAL, `flowctl internal error: ${String(error)}`)));
        },
      );
  };
}

/** Ends a streaming call with a status. */
export function endWithStatus(call: {emit(event: 'error', error: unknown): boolean}, failure: StatusFailure): void {
  call.emit('error', toServiceError(failure));
}

/** Resolves when the stream can take more data, or when the call is gone. */
export function writable(call: NodeJS.EventEmitter & {writableNeedDrain?: boolean; cancelled?: boolean}): Promise<void> {
  if (!call.writableNeedDrain || call.cancelled) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
    call.on('close', done);
  });
}
