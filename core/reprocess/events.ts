/**
 * Counts the log events a Firehose record carries, so failed records can be reported in events and the
 * invariant "events = lake rows + events in the error prefix" can be checked.
 */
import { gunzipSync } from "node:zlib";

/**
 * Log events in one record's bytes: a gzip'd CloudWatch Logs DATA_MESSAGE counts its `logEvents`;
 * NDJSON rows (a re-ingested or format-conversion-failed record) count one per line; anything else
 * (corrupt data, CONTROL_MESSAGE) carries no log event.
 */
export function countLogEvents(data: Uint8Array): number {
  if (data.byteLength >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      const payload = JSON.parse(gunzipSync(data).toString("utf8")) as { messageType?: unknown; logEvents?: unknown };
      return payload.messageType === "DATA_MESSAGE" && Array.isArray(payload.logEvents) ? payload.logEvents.length : 0;
    } catch {
      return 0;
    }
  }
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
  let count = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const row = JSON.parse(line) as Record<string, unknown>;
      if (typeof row.event_id === "string" && typeof row.event_time === "string") count += 1;
    } catch {
      // a corrupt line is not a log event
    }
  }
  return count;
}
