/**
 * Backfill's records: log events read back from CloudWatch Logs (FilterLogEvents) reshaped into the
 * exact records a subscription filter would have delivered, so the transform cannot tell them apart:
 * one gzip'd DATA_MESSAGE per log stream and chunk, with the events' real ids (the loader dedupes on
 * event_id, so backfilling a window twice, or one the subscription already covered, adds nothing).
 */
import type { CloudWatchLogEvent, CloudWatchLogsPayload } from "../../schemas/cloudwatch.js";
import { MAX_RECORD_BYTES } from "../io/put-record-batch.js";
import { cwlPieces } from "../transform/split.js";

/** One event as FilterLogEvents returns it (the SDK's FilteredLogEvent, fields optional there too). */
export interface FilteredEvent {
  readonly logStreamName?: string;
  readonly timestamp?: number;
  readonly message?: string;
  readonly eventId?: string;
}

/** What every payload of one backfill shares. */
export interface PayloadContext {
  /** The account that owns the log group (a subscription payload's `owner`). */
  readonly owner: string;
  readonly logGroup: string;
  /** Named in `subscriptionFilters`, so backfilled records can be told apart in the raw zone. */
  readonly filterName: string;
}

/**
 * CloudWatch Logs batches at most 1 MiB of events into one subscription delivery; backfill keeps the
 * same bound on the events' text, and the gzip'd record under Firehose's 1,000 KiB.
 */
export const MAX_PAYLOAD_EVENT_BYTES = 1_048_576;

/** Whether an event has what a payload needs: id, time, text and stream (the API marks all optional). */
export function isComplete(e: FilteredEvent): e is Required<FilteredEvent> {
  return Boolean(e.eventId) && e.message !== undefined && e.timestamp !== undefined && Boolean(e.logStreamName);
}

/** Events of one page grouped by log stream (in first-seen order), skipping incomplete ones. */
export function eventsByStream(events: readonly FilteredEvent[]): Map<string, CloudWatchLogEvent[]> {
  const streams = new Map<string, CloudWatchLogEvent[]>();
  for (const e of events) {
    if (!isComplete(e)) continue;
    let list = streams.get(e.logStreamName);
    if (!list) {
      list = [];
      streams.set(e.logStreamName, list);
    }
    list.push({ id: e.eventId, timestamp: e.timestamp, message: e.message });
  }
  return streams;
}

/** The gzip'd DATA_MESSAGE records for one page of FilterLogEvents results. */
export function subscriptionRecords(events: readonly FilteredEvent[], ctx: PayloadContext): Buffer[] {
  const records: Buffer[] = [];
  for (const [logStream, streamEvents] of eventsByStream(events)) {
    const payload: CloudWatchLogsPayload = {
      messageType: "DATA_MESSAGE",
      owner: ctx.owner,
      logGroup: ctx.logGroup,
      logStream,
      subscriptionFilters: [ctx.filterName],
      logEvents: [],
    };
    const sizes = streamEvents.map((e) => Buffer.byteLength(e.message) + e.id.length + 40);
    records.push(...cwlPieces(payload, streamEvents, sizes, MAX_RECORD_BYTES, MAX_PAYLOAD_EVENT_BYTES));
  }
  return records;
}
