/**
 * What to do with one Firehose error object: the records to re-put (their `rawData` bytes, unchanged) and the
 * lines that can never succeed (quarantined with the reason). Pure; the transform's own decoder decides what
 * "can succeed" means, so the reprocess never re-puts a record the transform would fail again for its bytes.
 */
import { decodeRecordData } from "../decode.js";
import { MAX_RECORD_BYTES } from "../io/put-record-batch.js";
import { parseErrorObject } from "./errors.js";
import { countLogEvents } from "./events.js";

/** A line of an error object that will never go through the transform, and why. */
export interface QuarantineEntry {
  /** 1-based line in the error object. */
  readonly line: number;
  readonly reason: string;
  /** The line exactly as Firehose wrote it. */
  readonly text: string;
}

/** The plan for one error object. */
export interface ObjectPlan {
  readonly key: string;
  /** Record bytes to put back, in object order. */
  readonly reput: Uint8Array[];
  /** Log events those records carry (a gzip'd DATA_MESSAGE counts its events, rows one each). */
  readonly events: number;
  readonly quarantine: QuarantineEntry[];
}

/**
 * Why a record's bytes can never pass the transform, or null when they can (a CloudWatch Logs payload, a
 * CONTROL_MESSAGE the transform drops, or log_events rows).
 */
export function permanentFailure(data: Uint8Array): string | null {
  if (data.byteLength > MAX_RECORD_BYTES) {
    return `record of ${data.byteLength} bytes exceeds Firehose's ${MAX_RECORD_BYTES}-byte limit`;
  }
  const decoded = decodeRecordData(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64"));
  return decoded.kind === "invalid" ? decoded.reason : null;
}

/** Splits an error object's text into records to re-put and lines to quarantine. */
export function planErrorObject(key: string, text: string): ObjectPlan {
  const { records, problems } = parseErrorObject(text);
  const reput: Uint8Array[] = [];
  const quarantine: QuarantineEntry[] = problems.map((p) => ({ line: p.line, reason: p.reason, text: p.text }));
  let events = 0;
  for (const record of records) {
    const reason = permanentFailure(record.data);
    if (reason !== null) {
      quarantine.push({ line: record.line, reason, text: record.text });
      continue;
    }
    reput.push(record.data);
    events += countLogEvents(record.data);
  }
  quarantine.sort((a, b) => a.line - b.line);
  return { key, reput, events, quarantine };
}

/**
 * The body of a quarantine object: one JSON line per quarantined record with its source key, line, reason and
 * the original line (a string, so it is kept byte for byte). Deterministic, so writing it twice is harmless.
 */
export function quarantineBody(sourceKey: string, entries: readonly QuarantineEntry[]): string {
  return entries
    .map((e) => `${JSON.stringify({ source_key: sourceKey, line: e.line, reason: e.reason, record: e.text })}\n`)
    .join("");
}
