/**
 * SendMessageBatch with SQS's limits and partial-failure handling: at most 10 messages per call; only the
 * entries that failed are retried, with exponential backoff and full jitter, and messages that never go are
 * an error. Takes the client as a parameter (created once per process by the caller).
 */
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";

/** The part of an SQS client this helper needs. */
export type SqsSender = Pick<SQSClient, "send">;

/** SQS's limit of entries per SendMessageBatch. */
export const MAX_BATCH_MESSAGES = 10;

/** Raised when messages could still not be sent after every attempt. */
export class QueueSendError extends Error {
  override readonly name = "QueueSendError";
  constructor(
    message: string,
    /** The bodies that were not sent, in their order. */
    readonly unsent: readonly string[],
    readonly lastErrorCode: string | undefined,
  ) {
    super(message);
  }
}

/** Retry settings (the same as PutRecordBatch's in put-record-batch.ts). */
export interface SendOptions {
  /** Attempts per batch including the first. @default 6 */
  readonly maxAttempts?: number;
  /** First backoff delay in ms; doubles each attempt, with full jitter. @default 100 */
  readonly baseDelayMs?: number;
  /** Injectable for tests. @default setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests. @default Math.random */
  readonly random?: () => number;
}

/** What sending took. */
export interface SendResult {
  /** SendMessageBatch calls made, retries included. */
  readonly calls: number;
  /** Entries sent again after a failure (partial or whole call). */
  readonly retried: number;
}

/**
 * Sends every body to `queueUrl`, 10 per SendMessageBatch, in order. Resolves when all are accepted; rejects
 * with {@link QueueSendError} when some are still failing after `maxAttempts` (whatever their fault: a sender
 * fault does not go away, but it is rare enough that a few more tries cost nothing).
 */
export async function sendMessagesReliably(
  client: SqsSender,
  queueUrl: string,
  bodies: readonly string[],
  options: SendOptions = {},
): Promise<SendResult> {
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  let calls = 0;
  let retried = 0;
  for (let start = 0; start < bodies.length; start += MAX_BATCH_MESSAGES) {
    // Ids are positions in the batch: unique within a call, as SQS requires, and stable across retries.
    let pending = bodies.slice(start, start + MAX_BATCH_MESSAGES).map((body, i) => ({ id: String(i), body }));
    let lastCode: string | undefined;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts) {
        throw new QueueSendError(
          `SendMessageBatch to ${queueUrl}: ${pending.length} message(s) still failing after ${maxAttempts} attempts (${lastCode ?? "unknown"})`,
          pending.map((p) => p.body),
          lastCode,
        );
      }
      if (attempt > 1) {
        retried += pending.length;
        await sleep(Math.floor(random() * baseDelayMs * 2 ** (attempt - 2)));
      }
      calls++;
      try {
        const out = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: pending.map((p) => ({ Id: p.id, MessageBody: p.body })),
          }),
        );
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        lastCode = out.Failed?.[0]?.Code ?? lastCode;
        // An entry SQS reports neither way is not known to be sent: it is retried (a duplicate loads once).
        const ok = new Set((out.Successful ?? []).map((s) => s.Id));
        pending = pending.filter((p) => failed.has(p.id) || !ok.has(p.id));
      } catch (error) {
        // Whole-call failures (throttling, 5xx) retry the same entries; the SDK retried too.
        lastCode = (error as Error).name;
      }
    }
  }
  return { calls, retried };
}
