/**
 * Starting the history writer's worker thread (`writer-worker.js`) and its handshake: it says
 * `ready` once it has the database open, or `openFailed` with the reason. What it sends
 * afterwards is `writer.ts`'s business.
 */
import {Worker} from 'node:worker_threads';
import {errorMessage} from '../../util/error-message.js';
import {err, ok, type Result} from '../../util/result.js';

/** What the worker is given: see `writer-worker.js`. */
export interface WorkerConfig {
  path: string;
  retentionMs: number;
  /** How often expired rows are deleted. */
  retentionIntervalMs: number;
  /** SQLite busy timeout: small, so a locked file is reported instead of waited on. */
  busyTimeoutMs: number;
}

export type FromWorker =
  | {type: 'ready'; notice?: string}
  | {type: 'openFailed'; message: string}
  | {type: 'committed'; entries: number; bytes: number; spare?: ArrayBuffer[]}
  | {type: 'flushed'; id: number}
  | {type: 'error'; message: string; lost: number; bytes?: number; cause?: string; spare?: ArrayBuffer[]}
  | {type: 'damaged'; message: string}
  | {type: 'closed'};

// Resolved relative to this module, so it finds the .js worker in src/ (vitest) and dist/ alike.
const WORKER_URL = new URL('./writer-worker.js', import.meta.url);

/**
 * The worker's young generation, capped at 2 MB. It allocates little per entry (it reads the
 * batches' typed arrays), but left at V8's default its young generation still grew to its
 * full size under a flood: A everything on peaked at 206 MB, 190 MB with this cap, for no
 * measurable wall time (alternating runs). Not an old-generation limit: that would end the
 * worker when reached.
 */
export const WORKER_LIMITS = {maxYoungGenerationSizeMb: 2};

/** The worker, once it has the history open; else why it could not (within `openTimeoutMs`). */
export function startWorker(config: WorkerConfig, openTimeoutMs: number): Promise<Result<{worker: Worker; notice: string | undefined}, string>> {
  let worker: Worker;
  try {
    worker = new Worker(WORKER_URL, {workerData: config, resourceLimits: WORKER_LIMITS});
  } catch (error) {
    return Promise.resolve(err(errorMessage(error)));
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      settle(err(`it did not open within ${openTimeoutMs} ms`));
      void worker.terminate();
    }, openTimeoutMs);
    const settle = (result: Result<{worker: Worker; notice: string | undefined}, string>): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      resolve(result);
    };
    const onMessage = (message: FromWorker): void => {
      if (message.type === 'ready') settle(ok({worker, notice: message.notice}));
      else if (message.type === 'openFailed') settle(err(message.message));
    };
    // An uncaught error in the worker while opening (a bug: openFailed is the expected way).
    const onError = (error: unknown): void => settle(err(errorMessage(error)));
    worker.on('message', onMessage);
    worker.on('error', onError);
  });
}
