/**
 * Backfill: pages through FilterLogEvents for one log group and time window, turns each page into
 * subscription-shaped records ({@link subscriptionRecords}) and puts them to the delivery stream
 * (PutRecordBatch, ≤ 500 records / 4 MiB a call, failed entries retried). One page at a time: memory
 * stays at one page (≤ 10,000 events / 1 MB) whatever the window.
 */
import { type FirehoseSender, type PutOptions, putRecordsReliably } from "../io/put-record-batch.js";
import { type FilteredEvent, isComplete, type PayloadContext, subscriptionRecords } from "./payloads.js";

/** One page of FilterLogEvents. */
export interface EventPage {
  readonly events: readonly FilteredEvent[];
  readonly nextToken?: string;
}

/** Reads one page of the log group's events in [startMs, endMs) (FilterLogEvents). */
export type EventPageReader = (startMs: number, endMs: number, nextToken: string | undefined) => Promise<EventPage>;

/** Options of {@link backfill}. */
export interface BackfillOptions extends PayloadContext {
  readonly streamName: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Count only: read every page, put nothing. */
  readonly dryRun?: boolean;
  readonly onProgress?: (progress: BackfillResult) => void;
  readonly put?: PutOptions;
}

/** What a backfill did. */
export interface BackfillResult {
  pages: number;
  events: number;
  records: number;
  streams: number;
  /** The newest event timestamp read (ms), null when none: where a resumed backfill may start. */
  last_event_ms: number | null;
}

/** Runs the backfill; rejects (with what was done so far in the message) when a put keeps failing. */
export async function backfill(
  read: EventPageReader,
  firehose: FirehoseSender,
  options: BackfillOptions,
): Promise<BackfillResult> {
  const result: BackfillResult = { pages: 0, events: 0, records: 0, streams: 0, last_event_ms: null };
  const streams = new Set<string>();
  let token: string | undefined;
  do {
    const page = await read(options.startMs, options.endMs, token);
    const records = subscriptionRecords(page.events, options);
    if (!options.dryRun && records.length > 0) {
      await putRecordsReliably(firehose, options.streamName, records, options.put);
    }
    result.pages += 1;
    result.records += records.length;
    for (const e of page.events) {
      if (!isComplete(e)) continue;
      result.events += 1;
      streams.add(e.logStreamName);
      if (result.last_event_ms === null || e.timestamp > result.last_event_ms) result.last_event_ms = e.timestamp;
    }
    result.streams = streams.size;
    options.onProgress?.({ ...result });
    // FilterLogEvents may return an empty page with a token while it searches: follow it.
    token = page.nextToken;
  } while (token);
  return result;
}
