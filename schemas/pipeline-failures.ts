/**
 * The `pipeline_failures` table: one JSON line per dead letter the DLQ archiver persisted under
 * `analytics/pipeline_failures/dt=YYYY-MM-DD/`. The one home of its columns: the archiver writes rows
 * with exactly these keys, and the Glue table (Athena, Redshift Spectrum) is generated from this list.
 * Pure data, no CDK.
 */
import type { GlueColumn } from "./glue.js";

/** One archived dead letter as written (timestamps in Hive's `yyyy-MM-dd HH:mm:ss.SSS`, UTC). */
export interface PipelineFailureRow {
  /** Name of the dead-letter queue the message was read from. */
  readonly queue: string;
  readonly message_id: string;
  /** Queue the message was moved from (SQS `DeadLetterQueueSourceArn`), when SQS says. */
  readonly source_queue_arn: string | null;
  /** When the message was first sent (SentTimestamp); also its `dt`, so re-delivery keeps the key. */
  readonly sent_time: string;
  readonly first_receive_time: string;
  /** When the archiver received it (this delivery). */
  readonly last_receive_time: string;
  readonly receive_count: number;
  /** What failed, as far as the message tells (attributes or body), else how it reached the DLQ. */
  readonly error: string | null;
  readonly body: string;
}

/** Columns in write order, with their Glue types and meaning. */
export const PIPELINE_FAILURE_COLUMNS: readonly GlueColumn[] = [
  { name: "queue", type: "string", comment: "dead-letter queue the message was archived from" },
  { name: "message_id", type: "string", comment: "SQS message id (the archive key)" },
  { name: "source_queue_arn", type: "string", comment: "queue the message was moved from, when SQS says" },
  { name: "sent_time", type: "timestamp", comment: "SentTimestamp (UTC)" },
  { name: "first_receive_time", type: "timestamp", comment: "ApproximateFirstReceiveTimestamp (UTC)" },
  { name: "last_receive_time", type: "timestamp", comment: "when the archiver received it (UTC)" },
  { name: "receive_count", type: "int", comment: "ApproximateReceiveCount at archiving" },
  { name: "error", type: "string", comment: "the failure as the message states it, else how it reached the DLQ" },
  { name: "body", type: "string", comment: "the message body as received" },
];

/** Hive classes for JSON lines (the OpenX SerDe both Athena and Redshift Spectrum read). */
export const JSON_LINES_STORAGE = {
  inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
  outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
  serializationLibrary: "org.openx.data.jsonserde.JsonSerDe",
} as const;

/** Athena partition projection for `dt` only (`dt=yyyy-MM-dd/` below `location`). */
export function dayPartitionProjection(location: string, firstDate: string): Record<string, string> {
  const base = location.endsWith("/") ? location : `${location}/`;
  return {
    "projection.enabled": "true",
    "projection.dt.type": "date",
    "projection.dt.format": "yyyy-MM-dd",
    "projection.dt.range": `${firstDate},NOW`,
    "projection.dt.interval": "1",
    "projection.dt.interval.unit": "DAYS",
    "storage.location.template": `${base}dt=\${dt}/`,
  };
}
