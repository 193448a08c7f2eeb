/**
 * Cuts what must be re-ingested into PutRecordBatch-sized records: CloudWatch events into
 * re-gzipped subset payloads, rows into NDJSON chunks.
 */
import { gzipSync } from "node:zlib";
import type { CloudWatchLogEvent, CloudWatchLogsPayload } from "../../schemas/cloudwatch.js";

/** PutRecordBatch accepts records up to 1,000 KiB; stay a little below. */
export const MAX_REINGEST_RECORD_BYTES = 1_000_000;

/**
 * Target for the ROW bytes one re-ingested piece turns into: small enough that its rows, in
 * base64, fit the 6 MB response on their own next time (2 MB raw → about 2.7 MB base64).
 */
export const MAX_PIECE_ROW_BYTES = 2_000_000;

/**
 * Splits `events` of `payload` into gzip'd DATA_MESSAGE payloads of at most `maxBytes` each,
 * whose rows (sizes in `rowBytes`, same order) stay under `maxRowBytes` per piece.
 */
export function cwlPieces(
  payload: CloudWatchLogsPayload,
  events: readonly CloudWatchLogEvent[],
  rowBytes: readonly number[],
  maxBytes = MAX_REINGEST_RECORD_BYTES,
  maxRowBytes = MAX_PIECE_ROW_BYTES,
): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  let sum = 0;
  for (let i = 0; i < events.length; i++) {
    const size = rowBytes[i] ?? 0;
    if (i > start && sum + size > maxRowBytes) {
      pieces.push(...gzipHalving(payload, events.slice(start, i), maxBytes));
      start = i;
      sum = 0;
    }
    sum += size;
  }
  if (start < events.length) pieces.push(...gzipHalving(payload, events.slice(start), maxBytes));
  return pieces;
}

function gzipHalving(payload: CloudWatchLogsPayload, events: CloudWatchLogEvent[], maxBytes: number): Buffer[] {
  const gz = gzipSync(JSON.stringify({ ...payload, logEvents: events }));
  if (gz.length <= maxBytes || events.length <= 1) return [gz];
  const mid = events.length >> 1;
  return [
    ...gzipHalving(payload, events.slice(0, mid), maxBytes),
    ...gzipHalving(payload, events.slice(mid), maxBytes),
  ];
}

/** Chunks serialised rows into NDJSON records of at most `maxBytes` each. */
export function rowPieces(lines: readonly string[], maxBytes = MAX_REINGEST_RECORD_BYTES): Buffer[] {
  const pieces: Buffer[] = [];
  let chunk: string[] = [];
  let size = 0;
  for (const line of lines) {
    const bytes = Buffer.byteLength(line) + 1;
    if (chunk.length > 0 && size + bytes > maxBytes) {
      pieces.push(Buffer.from(`${chunk.join("\n")}\n`));
      chunk = [];
      size = 0;
    }
    chunk.push(line);
    size += bytes;
  }
  if (chunk.length > 0) pieces.push(Buffer.from(`${chunk.join("\n")}\n`));
  return pieces;
}
