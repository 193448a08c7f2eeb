/**
 * Retry timing shared by the batch senders (PutRecordBatch, SendMessageBatch): a number of attempts and an
 * exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter").
 */

/** Retry settings of a batch sender. */
export interface BatchRetryOptions {
  /** Attempts per batch including the first. @default 6 */
  readonly maxAttempts?: number;
  /** First backoff delay in ms; doubles each attempt, with full jitter. @default 100 */
  readonly baseDelayMs?: number;
  /** Injectable for tests. @default setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests. @default Math.random */
  readonly random?: () => number;
}

/** The resolved timing: how many attempts, and the wait before attempt `n` (none before the first). */
export interface BatchRetry {
  readonly maxAttempts: number;
  /** Sleeps before attempt `attempt` (1-based): nothing for 1, then up to baseDelayMs × 2^(attempt-2). */
  pause(attempt: number): Promise<void>;
}

/** Resolves {@link BatchRetryOptions} with their defaults. */
export function batchRetry(options: BatchRetryOptions = {}): BatchRetry {
  const baseDelayMs = options.baseDelayMs ?? 100;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  return {
    maxAttempts: options.maxAttempts ?? 6,
    pause: async (attempt) => {
      if (attempt > 1) await sleep(Math.floor(random() * baseDelayMs * 2 ** (attempt - 2)));
    },
  };
}
