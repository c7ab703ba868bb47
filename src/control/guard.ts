/**
 * Wraps a service so that every call is authenticated and every undecodable or oversized
 * message is counted (grpc-js answers it with a status; flowctl keeps serving).
 */
import * as grpc from '@grpc/grpc-js';
import {isAuthorized, isLoopbackPeer} from './auth.js';
import type {RejectionCounters} from './counters.js';

/** The definition with request deserializers that count what they cannot decode. */
export function countingDefinition(definition: grpc.ServiceDefinition, rejections: RejectionCounters): grpc.ServiceDefinition {
  const wrapped: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(definition)) {
    wrapped[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        try {
          return method.requestDeserialize(bytes);
        } catch (error) {
          rejections.count('malformed');
          throw error;
        }
      },
    };
  }
  return wrapped;
}

/**
 * Counts the messages grpc-js refuses as too large (`grpc.max_receive_message_length`, also
 * after gzip): it answers RESOURCE_EXHAUSTED from its own call object as soon as it reads
 * the length prefix, before any deserializer or handler of ours runs. That call object is
 * what the first server interceptor is handed, so its `sendStatus` is where such a refusal
 * can be seen; statuses our handlers send pass through the interceptor's responder first
 * and are left to the handlers' own counting.
 */
export function countOversized(rejections: RejectionCounters): grpc.ServerInterceptor {
  return (_method, call) => {
    let fromHandler = false;
    const send = call.sendStatus.bind(call);
    call.sendStatus = (status) => {
      if (!fromHandler && status.code === grpc.status.RESOURCE_EXHAUSTED) rejections.count('oversized');
      send(status);
    };
    return new grpc.ServerInterceptingCall(call, {
      sendStatus: (status, next) => {
        fromHandler = true;
        next(status);
      },
    });
  };
}

type AnyCall = {metadata: grpc.Metadata; getPeer(): string; emit(event: 'error', error: unknown): boolean; end?: () => void};

/**
 * Every handler first checks the token — except for a peer on this machine, which needs none
 * (auth.ts) — and a refused call gets UNAUTHENTICATED and is counted.
 */
export function authenticated(
  definition: grpc.ServiceDefinition,
  handlers: grpc.UntypedServiceImplementation,
  token: string | undefined,
  rejections: RejectionCounters,
): grpc.UntypedServiceImplementation {
  if (token === undefined) return handlers;
  const guarded: grpc.UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    const handler = handlers[name] as ((call: AnyCall, callback?: grpc.sendUnaryData<unknown>) => void) | undefined;
    if (!handler) continue;
    const refusal = (): grpc.ServiceError =>
      Object.assign(new Error('missing or wrong token: send metadata "authorization: Bearer <token>" (the token is in the pipeline\'s state file)'), {
        code: grpc.status.UNAUTHENTICATED,
        details: 'missing or wrong token: send metadata "authorization: Bearer <token>" (the token is in the pipeline\'s state file)',
        metadata: new grpc.Metadata(),
      });
    const unaryResponse = !method.responseStream;
    guarded[name] = ((call: AnyCall, callback?: grpc.sendUnaryData<unknown>) => {
      if (isLoopbackPeer(call.getPeer()) || isAuthorized(call.metadata, token)) return handler(call, callback);
      rejections.count('unauthenticated');
      if (unaryResponse && callback) callback(refusal());
      else call.emit('error', refusal());
    }) as grpc.UntypedHandleCall;
  }
  return guarded;
}
