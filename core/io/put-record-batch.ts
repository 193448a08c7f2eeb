/**
 * PutRecordBatch with the service's limits and partial-failure handling: at most 500 records and
 * 4 MiB per call; only the entries that failed are retried, with exponential backoff and jitter.
 * Takes the client as a parameter (created once per process by the caller).
 */
import { type FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { type BatchRetryOptions, batchRetry } from "./backoff.js";

/** The part of a Firehose client this helper needs (the local runtime implements it too). */
export type FirehoseSender = Pick<FirehoseClient, "send">;

export const MAX_BATCH_RECORDS = 500;
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
/** Firehose's limit for one record (1,000 KiB). */
export const MAX_RECORD_BYTES = 1_024_000;

/** Thrown when a record alone is larger than Firehose accepts: no retry can put it. */
export class RecordTooLargeError extends Error {
  override readonly name = "RecordTooLargeError";
}

/** Raised when records could still not be put after every attempt. */
export class ReingestError extends Error {
  constructor(
    message: string,
    readonly failedCount: number,
    readonly lastErrorCode: string | undefined,
  ) {
    super(message);
    this.name = "ReingestError";
  }
}

/** Retry settings of {@link putRecordsReliably} (core/io/backoff.ts). */
export type PutOptions = BatchRetryOptions;

/**
 * Splits records into PutRecordBatch-sized batches, keeping their order.
 * @throws RecordTooLargeError for a record over 1,000 KiB (checked before anything is sent).
 */
export function chunkForPutRecordBatch(records: readonly Uint8Array[]): Uint8Array[][] {
  const batches: Uint8Array[][] = [];
  let batch: Uint8Array[] = [];
  let bytes = 0;
  for (const record of records) {
    if (record.length > MAX_RECORD_BYTES) {
      throw new RecordTooLargeError(`record of ${record.length} bytes exceeds Firehose's ${MAX_RECORD_BYTES}`);
    }
    if (batch.length > 0 && (batch.length === MAX_BATCH_RECORDS || bytes + record.length > MAX_BATCH_BYTES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(record);
    bytes += record.length;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * Puts every record to `streamName`. Resolves when all are accepted; rejects with
 * {@link ReingestError} when some are still failing after `maxAttempts`.
 */
export async function putRecordsReliably(
  client: FirehoseSender,
  streamName: string,
  records: readonly Uint8Array[],
  options: PutOptions = {},
): Promise<void> {
  const { maxAttempts, pause } = batchRetry(options);
  for (const batch of chunkForPutRecordBatch(records)) {
    let pending = batch;
    let lastCode: string | undefined;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts) {
        throw new ReingestError(
          `PutRecordBatch to ${streamName}: ${pending.length} record(s) still failing after ${maxAttempts} attempts (${lastCode ?? "unknown"})`,
          pending.length,
          lastCode,
        );
      }
      await pause(attempt);
      try {
        const out = await client.send(
          new PutRecordBatchCommand({ DeliveryStreamName: streamName, Records: pending.map((Data) => ({ Data })) }),
        );
        if (!out.FailedPutCount) {
          pending = [];
          continue;
        }
        const responses = out.RequestResponses ?? [];
        const failed = pending.filter((_, i) => responses[i]?.ErrorCode !== undefined || responses[i] === undefined);
        lastCode = responses.find((r) => r.ErrorCode)?.ErrorCode;
        pending = failed;
      } catch (error) {
        // Whole-call failures (throttling, 5xx) retry the same entries; the SDK retried too.
        lastCode = (error as Error).name;
      }
    }
  }
}
