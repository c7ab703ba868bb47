/**
 * The sender `send-at-exit.ts` runs as a child process while a component exits: reads
 * `{target, entries, deadline}` as JSON on stdin, pushes the entries once, and writes the
 * outcome as JSON on stdout. Never run by hand.
 */
import type {WireLogEntry} from '../wire-types.js';
import {grpcSend, type PushTarget} from './push-transport.js';
import type {SendOutcome} from './batcher.js';

/** The stdin of the sender (TLS material as PEM text: Buffers do not survive JSON). */
export interface ExitSendRequest {
  target: {endpoint: string; token?: string | undefined; tls: boolean | {ca?: string; pinned?: string}};
  entries: Partial<WireLogEntry>[];
  /** Epoch ms. */
  deadline: number;
}

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExitSendRequest;
  const {tls} = request.target;
  const target: PushTarget = {
    endpoint: request.target.endpoint,
    token: request.target.token,
    tls: typeof tls === 'boolean' ? tls : {...(tls.ca ? {ca: Buffer.from(tls.ca)} : {}), ...(tls.pinned ? {pinned: Buffer.from(tls.pinned)} : {})},
  };
  const transport = grpcSend(target);
  const outcome: SendOutcome = await transport.send(request.entries, {deadline: request.deadline});
  transport.close();
  process.stdout.write(JSON.stringify(outcome));
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stdout.write(JSON.stringify({ok: false, action: 'retry', message: `exit sender failed: ${error instanceof Error ? error.message : String(error)}`}));
  process.exit(0);
});
