/**
 * SendMessageBatch with SQS's limits and partial-failure handling: at most 10 messages per call; only the
 * entries that failed are retried, with exponential backoff and full jitter, and messages that never go are
 * an error that says how many were sent before. Failures no retry can fix (denied, KMS, no queue, bad
 * credentials) and programming errors are not retried. Takes the client as a parameter (created once per
 * process by the caller).
 */
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { type BatchRetryOptions, batchRetry } from "./backoff.js";

/** The part of an SQS client this helper needs. */
export type SqsSender = Pick<SQSClient, "send">;

/** SQS's limit of entries per SendMessageBatch. */
export const MAX_BATCH_MESSAGES = 10;

/**
 * Raised when messages could still not be sent after every attempt. Sending stops at the first group of 10
 * that gives up: the bodies after it were never tried.
 */
export class QueueSendError extends Error {
  override readonly name = "QueueSendError";
  constructor(
    message: string,
    /** The bodies of the failing group that were not sent, in their order. */
    readonly unsent: readonly string[],
    readonly lastErrorCode: string | undefined,
    /** Bodies of this call SQS accepted before it stopped (groups before, and the failing group's accepted). */
    readonly sent: number,
  ) {
    super(message);
  }
}

/**
 * Raised at once, without retries, when SQS refuses in a way no retry changes (see {@link isNonRetryable}):
 * `cause` is the SDK error, or for a per-entry failure an Error named by the entry's code.
 */
export class QueueRefusedError extends Error {
  override readonly name = "QueueRefusedError";
  constructor(
    readonly code: string,
    override readonly cause: unknown,
    /** Bodies of this call SQS accepted before the refusal. */
    readonly sent: number,
  ) {
    super(`SendMessageBatch refused: ${code}`);
  }
}

/**
 * Whether an error name or entry code means retrying cannot succeed: access denied, the queue's KMS key
 * unusable (KMS.* / Kms* codes, throttling excepted), no such queue, expired or unknown credentials.
 */
export function isNonRetryable(code: string): boolean {
  if (/Throttl/i.test(code)) return false;
  return /^(AccessDenied(Exception)?|KMS\..+|Kms.+|AWS\.SimpleQueueService\.NonExistentQueue|QueueDoesNotExist|ExpiredToken(Exception)?|InvalidClientTokenId|UnrecognizedClientException)$/.test(
    code,
  );
}

/** Errors of the code itself (a bad argument, a bug): retrying repeats them. */
const isProgrammingError = (error: unknown): boolean =>
  error instanceof TypeError ||
  error instanceof RangeError ||
  error instanceof ReferenceError ||
  error instanceof SyntaxError;

/** Retry settings: the same timing as PutRecordBatch's (core/io/backoff.ts). */
export type SendOptions = BatchRetryOptions;

/** What sending took. */
export interface SendResult {
  /** SendMessageBatch calls made, retries included. */
  readonly calls: number;
  /** Entries sent again after a failure (partial or whole call). */
  readonly retried: number;
}

/**
 * Sends every body to `queueUrl`, 10 per SendMessageBatch, in order. Resolves when all are accepted; rejects
 * with {@link QueueSendError} when some are still failing after `maxAttempts` (a transient fault, or a sender
 * fault not known to be permanent: rare enough that a few more tries cost nothing), with
 * {@link QueueRefusedError} at once for a failure no retry fixes, and rethrows programming errors as they are.
 */
export async function sendMessagesReliably(
  client: SqsSender,
  queueUrl: string,
  bodies: readonly string[],
  options: SendOptions = {},
): Promise<SendResult> {
  const { maxAttempts, pause } = batchRetry(options);
  let calls = 0;
  let retried = 0;
  let sent = 0;
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
          sent,
        );
      }
      if (attempt > 1) retried += pending.length;
      await pause(attempt);
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
        const before = pending.length;
        pending = pending.filter((p) => failed.has(p.id) || !ok.has(p.id));
        sent += before - pending.length;
        const refused = (out.Failed ?? []).find((f) => f.Code !== undefined && isNonRetryable(f.Code));
        if (refused?.Code) {
          const cause = Object.assign(new Error(refused.Message ?? refused.Code), { name: refused.Code });
          throw new QueueRefusedError(refused.Code, cause, sent);
        }
      } catch (error) {
        if (error instanceof QueueRefusedError || isProgrammingError(error)) throw error;
        const name = (error as Error).name;
        if (isNonRetryable(name)) throw new QueueRefusedError(name, error, sent);
        // Whole-call failures (throttling, 5xx, the network) retry the same entries; the SDK retried too.
        lastCode = name;
      }
    }
  }
  return { calls, retried };
}
