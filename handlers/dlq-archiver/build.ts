/**
 * The DLQ archiver, built from its dependencies: every dead letter of the batch is written to the
 * archive (one object per message, core/archive/dead-letters.ts), then one SNS summary goes out. The
 * response lists the messages that could not be written, so only those stay in the queue.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { SQSBatchResponse } from "aws-lambda";
import {
  type ArchiveOutcome,
  archiveSummary,
  deadLetterKey,
  deadLetterLine,
  deadLetterRow,
} from "../../core/archive/dead-letters.js";
import { readSqsEvent, type SqsRecord } from "../../schemas/sqs.js";
import type { ArchiverConfig } from "./config.js";

/** What the handler is built from; `logger`/`metrics` are optional so tests can stay quiet. */
export interface ArchiverDeps {
  readonly s3: Pick<S3Client, "send">;
  readonly sns: Pick<SNSClient, "send">;
  readonly config: ArchiverConfig;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly now?: () => number;
}

/** A built archiver: an SQS event in, the partial-batch response out. */
export type ArchiverHandler = (event: unknown) => Promise<SQSBatchResponse>;

/** Puts in flight at once (one PutObject per message; a batch holds at most 10,000 with a window). */
const CONCURRENCY = 16;

/** Builds the handler. */
export function buildArchiverHandler(deps: ArchiverDeps): ArchiverHandler {
  const now = deps.now ?? Date.now;
  const { bucket, prefix, topicArn } = deps.config;

  async function archive(record: SqsRecord, receivedAt: number): Promise<ArchiveOutcome> {
    const row = deadLetterRow(record, receivedAt);
    const key = deadLetterKey(row, prefix);
    try {
      await deps.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: deadLetterLine(row),
          ContentType: "application/x-ndjson",
        }),
      );
      return { row, key };
    } catch (error) {
      const e = error as Error;
      deps.logger?.error("dead letter not archived", { queue: row.queue, messageId: row.message_id, key, error: e });
      return { row, key, failure: `${e.name}: ${e.message}` };
    }
  }

  return async (event) => {
    const read = readSqsEvent(event);
    if ("problem" in read) throw new Error(`Not an SQS event: ${read.problem}`);
    const receivedAt = now();
    const outcomes = await mapLimited(read.records, CONCURRENCY, (r) => archive(r, receivedAt));
    const failed = outcomes.filter((o) => o.failure);
    let summarySent = outcomes.length === 0;
    if (outcomes.length > 0) {
      const { subject, message } = archiveSummary(outcomes, bucket);
      try {
        await deps.sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
        summarySent = true;
      } catch (error) {
        // The rows are persisted: failing the batch would only re-archive them. The metric has its alarm.
        deps.logger?.error("archive summary not published", { topicArn, error: error as Error });
      }
    }
    deps.logger?.info("dead letters", {
      received: outcomes.length,
      archived: outcomes.length - failed.length,
      failed: failed.length,
      summarySent,
    });
    const metrics = deps.metrics;
    if (metrics) {
      metrics.addMetric("DeadLettersArchived", MetricUnit.Count, outcomes.length - failed.length);
      metrics.addMetric("DeadLettersNotArchived", MetricUnit.Count, failed.length);
      metrics.addMetric("SummariesFailed", MetricUnit.Count, summarySent ? 0 : 1);
      metrics.publishStoredMetrics();
    }
    return { batchItemFailures: failed.map((o) => ({ itemIdentifier: o.row.message_id })) };
  };
}

/** `items.map(fn)` with at most `limit` calls in flight, results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
