/**
 * What the loader's SQS queue carries: S3 event notifications (`Records[].s3`, the body S3 sends a queue
 * directly) or EventBridge "Object Created" events (`detail.bucket/object`, the body an EventBridge rule
 * sends its SQS target). Pure: message bodies in, the objects to load and the messages that failed out; and
 * the one builder of such a body (what `loglake backfill-lake` queues for objects already in the lake).
 */
import { LAKE_PREFIXES } from "../../schemas/lake-layout.js";
import { type ObjectCreated, objectUrl } from "./plan.js";

/** One SQS message as the loader reads it. */
export interface QueueMessage {
  readonly messageId: string;
  readonly body: string;
}

/** What one message body says. */
export type ParsedBody =
  | { readonly kind: "objects"; readonly objects: readonly ObjectCreated[] }
  /** `s3:TestEvent`: S3 sends it once when a notification is configured; nothing to load. */
  | { readonly kind: "test" }
  | { readonly kind: "invalid"; readonly reason: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const field = (v: unknown, ...path: string[]): unknown => {
  let at = v;
  for (const p of path) at = isObject(at) ? at[p] : undefined;
  return at;
};
const isSize = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/**
 * S3 event notification keys are URL-encoded with `+` for a space (S3 docs, "Event message structure":
 * "red flower.jpg" becomes "red+flower.jpg"); a literal `+` arrives as `%2B`.
 */
export function decodeS3EventKey(key: string): string {
  return decodeURIComponent(key.replaceAll("+", " "));
}

/** The inverse of {@link decodeS3EventKey}: a key as an S3 event notification carries it (`/` kept, space as `+`). */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key).replaceAll("%2F", "/").replaceAll("%20", "+");
}

/** Marks notifications built by {@link s3NotificationBodyOf} (`s3.configurationId`): recognisable in a DLQ. */
export const BACKFILL_CONFIGURATION_ID = "loglake-backfill-lake";

/**
 * An SQS body in the S3 event notification shape (one `ObjectCreated:Put` record) for an object already in the
 * lake: what `loglake backfill-lake` queues, so the loader reads it exactly as it reads S3's own. Pure.
 */
export function s3NotificationBodyOf(object: ObjectCreated, eventTime: string, region?: string): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        ...(region ? { awsRegion: region } : {}),
        eventTime,
        eventName: "ObjectCreated:Put",
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: BACKFILL_CONFIGURATION_ID,
          bucket: { name: object.bucket },
          object: { key: encodeS3EventKey(object.key), size: object.size },
        },
      },
    ],
  });
}

function fromS3Notification(records: unknown[]): ParsedBody {
  const objects: ObjectCreated[] = [];
  for (const [i, r] of records.entries()) {
    const eventName = field(r, "eventName");
    if (typeof eventName !== "string") return { kind: "invalid", reason: `Records[${i}] has no eventName` };
    if (!eventName.startsWith("ObjectCreated:")) continue;
    const bucket = field(r, "s3", "bucket", "name");
    const key = field(r, "s3", "object", "key");
    const size = field(r, "s3", "object", "size");
    if (typeof bucket !== "string" || typeof key !== "string" || !isSize(size)) {
      return { kind: "invalid", reason: `Records[${i}] has no s3.bucket.name, s3.object.key or s3.object.size` };
    }
    try {
      objects.push({ bucket, key: decodeS3EventKey(key), size });
    } catch {
      return { kind: "invalid", reason: `Records[${i}] has a key that is not URL-encoded: ${key}` };
    }
  }
  return { kind: "objects", objects };
}

/**
 * EventBridge events carry the key as it is (not URL-encoded: a documented-shape capture shows `:` kept in
 * `raw/health-check/2023-08-08T14:03:40.532432.zip`, which S3 notifications send as `%3A`).
 */
function fromEventBridge(event: Json): ParsedBody {
  if (event["detail-type"] !== "Object Created" || event.source !== "aws.s3") {
    return {
      kind: "invalid",
      reason: `EventBridge event "${String(event["detail-type"])}" is not an S3 Object Created`,
    };
  }
  const bucket = field(event, "detail", "bucket", "name");
  const key = field(event, "detail", "object", "key");
  const size = field(event, "detail", "object", "size");
  if (typeof bucket !== "string" || typeof key !== "string" || !isSize(size)) {
    return { kind: "invalid", reason: "Object Created event without detail.bucket.name, object.key or object.size" };
  }
  return { kind: "objects", objects: [{ bucket, key, size }] };
}

/** Reads one SQS body of either shape; anything else is `invalid` with the reason (it must reach the DLQ). */
export function parseQueueBody(body: string): ParsedBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: "invalid", reason: "body is not JSON" };
  }
  if (!isObject(parsed)) return { kind: "invalid", reason: "body is not a JSON object" };
  if (parsed.Event === "s3:TestEvent") return { kind: "test" };
  if (Array.isArray(parsed.Records)) return fromS3Notification(parsed.Records);
  if ("detail-type" in parsed) return fromEventBridge(parsed);
  return {
    kind: "invalid",
    reason: "neither an S3 event notification (Records) nor an EventBridge event (detail-type)",
  };
}

/** An object to load and every message that announced it (S3 and SQS both deliver at least once). */
export interface AnnouncedObject {
  readonly object: ObjectCreated;
  readonly url: string;
  readonly messageIds: readonly string[];
}

/** A batch of SQS messages sorted into what to load, what to acknowledge as is and what failed. */
export interface QueueBatch {
  /** Objects under `curated/log_events/`, once each, in first-announced order. */
  readonly objects: readonly AnnouncedObject[];
  /** Messages whose body is unusable, with the reason. */
  readonly failed: readonly { readonly messageId: string; readonly reason: string }[];
  /** Repeated announcements of an object already in `objects`. */
  readonly duplicates: number;
  /** Objects outside the loader's prefix (acknowledged: nothing to load). */
  readonly outsidePrefix: number;
  /** `s3:TestEvent` messages. */
  readonly testEvents: number;
}

/** Sorts a batch of SQS messages; `prefix` is the table's key prefix (default `curated/log_events/`). */
export function collectQueueBatch(
  messages: readonly QueueMessage[],
  prefix: string = LAKE_PREFIXES.logEvents,
): QueueBatch {
  const byUrl = new Map<string, { object: ObjectCreated; url: string; messageIds: string[] }>();
  const failed: { messageId: string; reason: string }[] = [];
  let duplicates = 0;
  let outsidePrefix = 0;
  let testEvents = 0;
  for (const m of messages) {
    const parsed = parseQueueBody(m.body);
    if (parsed.kind === "invalid") {
      failed.push({ messageId: m.messageId, reason: parsed.reason });
      continue;
    }
    if (parsed.kind === "test") {
      testEvents++;
      continue;
    }
    for (const object of parsed.objects) {
      if (!object.key.startsWith(prefix)) {
        outsidePrefix++;
        continue;
      }
      const url = objectUrl(object);
      const seen = byUrl.get(url);
      if (seen) {
        duplicates++;
        if (!seen.messageIds.includes(m.messageId)) seen.messageIds.push(m.messageId);
      } else byUrl.set(url, { object, url, messageIds: [m.messageId] });
    }
  }
  return { objects: [...byUrl.values()], failed, duplicates, outsidePrefix, testEvents };
}
