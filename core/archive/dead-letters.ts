/**
 * Dead letters → `pipeline_failures` rows, their archive keys and the alert summary. Pure: the DLQ
 * archiver (handlers/dlq-archiver) does the I/O. A message's key depends only on the message (its queue,
 * id and SentTimestamp day), so a re-delivered message overwrites its own row instead of adding one.
 */

import { pipelineFailureKey } from "../../schemas/lake-layout.js";
import type { PipelineFailureRow } from "../../schemas/pipeline-failures.js";
import { queueNameOf, type SqsRecord } from "../../schemas/sqs.js";

/** `2026-12-03 14:05:09.120`: Hive's timestamp form, which the JSON SerDes read as `timestamp`. */
export function hiveTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace("T", " ").replace("Z", "");
}

const attribute = (record: SqsRecord, name: string): string | undefined => {
  const value = record.messageAttributes[name]?.stringValue;
  return value === undefined || value === "" ? undefined : value;
};

/** The failure a Lambda on-failure destination record states (`requestContext`, `responsePayload`). */
function destinationError(body: string): string | undefined {
  if (!body.startsWith("{")) return undefined;
  try {
    const parsed = JSON.parse(body) as {
      requestContext?: { condition?: unknown; functionArn?: unknown };
      responsePayload?: { errorType?: unknown; errorMessage?: unknown };
    };
    const payload = parsed.responsePayload;
    if (!parsed.requestContext || typeof payload?.errorMessage !== "string") return undefined;
    const type = typeof payload.errorType === "string" ? `${payload.errorType}: ` : "";
    return `${type}${payload.errorMessage}`;
  } catch {
    return undefined;
  }
}

/**
 * What failed, as far as the message says: Lambda's async DLQ attributes (`ErrorCode`, `ErrorMessage`),
 * EventBridge's target DLQ attributes (`ERROR_CODE`, `ERROR_MESSAGE`), a Lambda destination record's
 * `responsePayload`; else how it reached the DLQ (SQS redrive after maxReceiveCount); else null.
 */
export function deadLetterError(record: SqsRecord): string | null {
  for (const [code, message] of [
    ["ErrorCode", "ErrorMessage"],
    ["ERROR_CODE", "ERROR_MESSAGE"],
  ] as const) {
    const m = attribute(record, message);
    const c = attribute(record, code);
    if (m || c) return [c, m].filter(Boolean).join(": ");
  }
  const fromBody = destinationError(record.body);
  if (fromBody) return fromBody;
  const source = record.attributes.DeadLetterQueueSourceArn;
  return source ? `redriven from ${queueNameOf(source)} after its maxReceiveCount` : null;
}

/** The archive row of one dead letter received at `nowMs`. */
export function deadLetterRow(record: SqsRecord, nowMs: number): PipelineFailureRow {
  const a = record.attributes;
  return {
    queue: queueNameOf(record.eventSourceARN),
    message_id: record.messageId,
    source_queue_arn: a.DeadLetterQueueSourceArn ?? null,
    sent_time: hiveTimestamp(Number(a.SentTimestamp)),
    first_receive_time: hiveTimestamp(Number(a.ApproximateFirstReceiveTimestamp)),
    last_receive_time: hiveTimestamp(nowMs),
    receive_count: Number(a.ApproximateReceiveCount),
    error: deadLetterError(record),
    body: record.body,
  };
}

/** The S3 key of a row: `<prefix>dt=<sent day>/<queue>.<message id>.json` (one object per message). */
export function deadLetterKey(row: PipelineFailureRow, prefix?: string): string {
  const safeId = row.message_id.replace(/[^A-Za-z0-9._-]/g, "_");
  return pipelineFailureKey(row.sent_time.slice(0, 10), `${row.queue}.${safeId}.json`, prefix);
}

/** The object body: one JSON line. */
export const deadLetterLine = (row: PipelineFailureRow): string => `${JSON.stringify(row)}\n`;

/** One archived (or not) dead letter, for the summary. */
export interface ArchiveOutcome {
  readonly row: PipelineFailureRow;
  readonly key: string;
  /** Why it could not be persisted; undefined when it was. */
  readonly failure?: string;
}

/** How many messages the e-mail lists one by one. */
export const SUMMARY_LISTED = 20;
// SNS subjects: ASCII, no line breaks, under 100 characters.
const SUBJECT_MAX = 99;

/** The SNS e-mail of one batch: subject (ASCII, < 100 characters: SNS's rules) and text. */
export function archiveSummary(
  outcomes: readonly ArchiveOutcome[],
  bucket: string,
): { subject: string; message: string } {
  const archived = outcomes.filter((o) => !o.failure).length;
  const failed = outcomes.length - archived;
  const queues = [...new Set(outcomes.map((o) => o.row.queue))].sort();
  const head = `${outcomes.length} dead letter${outcomes.length === 1 ? "" : "s"} from ${queues.join(", ")}`;
  const subject = `[loglake] ${head}${failed ? ` (${failed} not archived)` : ""}`;
  const lines = outcomes.slice(0, SUMMARY_LISTED).map((o) => {
    const where = o.failure ? `NOT ARCHIVED (${o.failure}); it stays in the queue` : `s3://${bucket}/${o.key}`;
    return `- ${o.row.queue} ${o.row.message_id}, received ${o.row.receive_count}×, error: ${o.row.error ?? "(none stated)"}\n  ${where}`;
  });
  const more = outcomes.length > SUMMARY_LISTED ? [`… and ${outcomes.length - SUMMARY_LISTED} more`] : [];
  const message = [
    `${head}: ${archived} archived, ${failed} not archived.`,
    "",
    ...lines,
    ...more,
    "",
    "Query them in Athena: SELECT * FROM pipeline_failures WHERE dt >= '<day>' ORDER BY last_receive_time DESC",
  ].join("\n");
  const ascii = subject.replace(/[^\x20-\x7e]/g, "?");
  return { subject: ascii.length > SUBJECT_MAX ? `${ascii.slice(0, SUBJECT_MAX - 3)}...` : ascii, message };
}
