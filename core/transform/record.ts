/**
 * Transforms ONE Firehose input record into rows grouped by partition, or says why it cannot.
 * Pure apart from the masker's keyed hash; never throws (a record's failure is its own).
 */
import { columnWidth, type LogFormat } from "../../schemas/catalog.js";
import type { CloudWatchLogEvent, CloudWatchLogsPayload } from "../../schemas/cloudwatch.js";
import type { FirehoseInputRecord } from "../../schemas/firehose.js";
import { formatRowTimestamp, type LogEventRow } from "../../schemas/row.js";
import type { BusinessRules } from "../business.js";
import { decodeRecordData } from "../decode.js";
import type { Masker } from "../mask/types.js";
import { parseLogEvent } from "../parse/index.js";
import { originOf } from "../parse/origin.js";
import { type Partitioner, type PartitionKeys, partitionId } from "../partition.js";
import { buildEventColumns, payloadColumnsJson, type RowContext, rowJson } from "../row.js";
import { truncateUtf8 } from "../text.js";

const ACCOUNT_WIDTH = columnWidth("account_id");
const GROUP_WIDTH = columnWidth("log_group");
const STREAM_WIDTH = columnWidth("log_stream");

/** The per-invocation settings a record transform needs. */
export interface TransformSettings {
  readonly masker: Masker;
  readonly rules: BusinessRules;
  readonly partitioner: Partitioner;
}

/** Rows of one partition, with the source events they came from (to re-ingest them if needed). */
export interface PartitionGroup {
  readonly keys: PartitionKeys;
  /** One serialised JSON row per element, in input order. */
  readonly lines: string[];
  /** The CloudWatch events behind `lines` (same order); empty when the input already was rows. */
  readonly events: CloudWatchLogEvent[];
}

export type RecordOutcome =
  | { readonly kind: "dropped"; readonly reason: "control_message" }
  | { readonly kind: "failed"; readonly reason: string }
  | {
      readonly kind: "ok";
      /** Present when the input was a CloudWatch payload (needed to re-gzip subsets). */
      readonly payload: CloudWatchLogsPayload | null;
      /** Partitions in order of first appearance. */
      readonly groups: PartitionGroup[];
      readonly formats: Partial<Record<LogFormat, number>>;
      readonly inputBytes: number;
    };

/** Decodes, parses, enriches and masks every event of a record. */
export function transformRecord(record: FirehoseInputRecord, settings: TransformSettings): RecordOutcome {
  try {
    const decoded = decodeRecordData(record.data);
    if (decoded.kind === "invalid") return { kind: "failed", reason: decoded.reason };
    const inputBytes = Math.floor((record.data.length * 3) / 4);
    if (decoded.kind === "rows") return rowsOutcome(decoded.rows, settings.partitioner, inputBytes);
    const payload = decoded.payload;
    if (payload.messageType === "CONTROL_MESSAGE") return { kind: "dropped", reason: "control_message" };
    return cwlOutcome(payload, record.approximateArrivalTimestamp, settings, inputBytes);
  } catch (error) {
    // A bug or an out-of-range value must cost one record (kept in the error prefix), not the batch.
    return { kind: "failed", reason: `transform error: ${(error as Error).message}` };
  }
}

function cwlOutcome(payload: CloudWatchLogsPayload, arrivalMs: number, s: TransformSettings, inputBytes: number) {
  const origin = originOf(payload.logGroup, payload.logStream);
  const ctx: RowContext = {
    accountId: truncateUtf8(payload.owner, ACCOUNT_WIDTH),
    logGroup: truncateUtf8(payload.logGroup, GROUP_WIDTH),
    logStream: truncateUtf8(payload.logStream, STREAM_WIDTH),
    origin,
    ingestTime: formatRowTimestamp(arrivalMs),
    masker: s.masker,
    rules: s.rules,
  };
  const shared = payloadColumnsJson(ctx);
  const groups = new Map<string, PartitionGroup>();
  const formats: Partial<Record<LogFormat, number>> = {};
  let lastKeys: PartitionKeys | undefined;
  let group: PartitionGroup | undefined;
  for (const event of payload.logEvents) {
    const parsed = parseLogEvent(event.message);
    const line = rowJson(shared, buildEventColumns(event, parsed, ctx));
    formats[parsed.log_format] = (formats[parsed.log_format] ?? 0) + 1;
    // Partitioners return the same object for the same hour: skip the map for runs of one hour.
    const keys = s.partitioner(event.timestamp);
    if (keys !== lastKeys || !group) {
      group = groupFor(groups, keys);
      lastKeys = keys;
    }
    group.lines.push(line);
    group.events.push(event);
  }
  return { kind: "ok" as const, payload, groups: [...groups.values()], formats, inputBytes };
}

function rowsOutcome(rows: LogEventRow[], partitioner: Partitioner, inputBytes: number): RecordOutcome {
  const groups = new Map<string, PartitionGroup>();
  const formats: Partial<Record<LogFormat, number>> = {};
  for (const row of rows) {
    const epochMs = Date.parse(`${row.event_time.replace(" ", "T")}Z`);
    const line = JSON.stringify(compact(row));
    formats[row.log_format] = (formats[row.log_format] ?? 0) + 1;
    const group = groupFor(groups, partitioner(epochMs));
    group.lines.push(line);
  }
  return { kind: "ok", payload: null, groups: [...groups.values()], formats, inputBytes };
}

/** Leaves out null columns, as rows built from CloudWatch events do. */
function compact(row: LogEventRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== null) out[k] = v;
  return out;
}

function groupFor(groups: Map<string, PartitionGroup>, keys: PartitionKeys): PartitionGroup {
  const id = partitionId(keys);
  let group = groups.get(id);
  if (!group) {
    group = { keys, lines: [], events: [] };
    groups.set(id, group);
  }
  return group;
}
