/** Reading the load queue: both body shapes, odd keys, test events, bad bodies, duplicates, the prefix. */
import { describe, expect, it } from "vitest";
import {
  collectQueueBatch,
  encodeS3EventKey,
  parseQueueBody,
  s3NotificationBodyOf,
} from "../../../core/load/notifications.js";
import {
  eventBridgeObjectCreatedBody,
  LAKE_BUCKET,
  S3_TEST_EVENT_BODY,
  s3NotificationBody,
  s3NotificationRecord,
} from "../../fixtures/loading.js";

const KEY = "curated/log_events/dt=2026-12-03/hour=09/part-1.parquet";

describe("parseQueueBody", () => {
  it("reads an S3 event notification and URL-decodes its key (+ is a space, %2B a plus, %3D an equals sign)", () => {
    const body = s3NotificationBody(
      s3NotificationRecord("curated/log_events/dt%3D2026-12-03/hour%3D09/a+b%2Bc+%C3%B1.parquet", 4096),
    );
    expect(parseQueueBody(body)).toEqual({
      kind: "objects",
      objects: [{ bucket: LAKE_BUCKET, key: "curated/log_events/dt=2026-12-03/hour=09/a b+c ñ.parquet", size: 4096 }],
    });
  });

  it("reads an EventBridge Object Created event and keeps its key as sent", () => {
    const body = eventBridgeObjectCreatedBody("curated/log_events/dt=2026-12-03/hour=09/a+b 100%.parquet", 5);
    expect(parseQueueBody(body)).toEqual({
      kind: "objects",
      objects: [{ bucket: LAKE_BUCKET, key: "curated/log_events/dt=2026-12-03/hour=09/a+b 100%.parquet", size: 5 }],
    });
  });

  it("recognises the s3:TestEvent message", () => {
    expect(parseQueueBody(S3_TEST_EVENT_BODY)).toEqual({ kind: "test" });
  });

  it("ignores records of other S3 event types inside a notification", () => {
    const removed = { ...s3NotificationRecord(KEY, 1), eventName: "ObjectRemoved:Delete" };
    expect(parseQueueBody(s3NotificationBody(removed))).toEqual({ kind: "objects", objects: [] });
  });

  it.each([
    ["plain text", "Test message.", "body is not JSON"],
    ["a JSON array", "[1]", "body is not a JSON object"],
    ["an unrelated JSON object", '{"message": "foo1"}', "neither an S3 event notification"],
    [
      "an SNS envelope",
      JSON.stringify({ Type: "Notification", Message: s3NotificationBody(s3NotificationRecord(KEY, 1)) }),
      "neither an S3 event notification",
    ],
    [
      "a record without a size",
      JSON.stringify({
        Records: [{ eventName: "ObjectCreated:Put", s3: { bucket: { name: "b" }, object: { key: KEY } } }],
      }),
      "Records[0] has no s3.bucket.name, s3.object.key or s3.object.size",
    ],
    [
      "a badly encoded key",
      s3NotificationBody(s3NotificationRecord("curated/log_events/%E0%A4%A.parquet", 1)),
      "not URL-encoded",
    ],
    [
      "an EventBridge event of another type",
      JSON.stringify({ "detail-type": "Object Deleted", source: "aws.s3", detail: {} }),
      'EventBridge event "Object Deleted" is not an S3 Object Created',
    ],
  ])("reports %s as invalid with the reason", (_name, body, reason) => {
    const parsed = parseQueueBody(body);
    expect(parsed.kind).toBe("invalid");
    expect(parsed.kind === "invalid" ? parsed.reason : "").toContain(reason);
  });
});

describe("collectQueueBatch", () => {
  it("loads an object announced twice once, and remembers both messages", () => {
    const batch = collectQueueBatch([
      { messageId: "m1", body: s3NotificationBody(s3NotificationRecord(KEY, 10)) },
      { messageId: "m2", body: eventBridgeObjectCreatedBody(KEY, 10) },
      { messageId: "m3", body: S3_TEST_EVENT_BODY },
    ]);
    expect(batch.objects).toEqual([
      {
        object: { bucket: LAKE_BUCKET, key: KEY, size: 10 },
        url: `s3://${LAKE_BUCKET}/${KEY}`,
        messageIds: ["m1", "m2"],
      },
    ]);
    expect(batch).toMatchObject({ duplicates: 1, testEvents: 1, outsidePrefix: 0, failed: [] });
  });

  it("acknowledges objects outside curated/log_events/ and fails unusable bodies", () => {
    const batch = collectQueueBatch([
      { messageId: "m1", body: eventBridgeObjectCreatedBody("analytics/manifests/b_1.manifest", 99) },
      { messageId: "m2", body: eventBridgeObjectCreatedBody("curated/log_events_old/x.parquet", 99) },
      { messageId: "m3", body: "not json" },
    ]);
    expect(batch.objects).toEqual([]);
    expect(batch.outsidePrefix).toBe(2);
    expect(batch.failed).toEqual([{ messageId: "m3", reason: "body is not JSON" }]);
  });
});

describe("s3NotificationBodyOf (the body backfill-lake queues)", () => {
  it("encodes a key the way S3 notifications do: / kept, space as +, + and = and non-ASCII percent-encoded", () => {
    expect(encodeS3EventKey("curated/log_events/dt=2026-12-03/hour=09/a b+c ñ.parquet")).toBe(
      "curated/log_events/dt%3D2026-12-03/hour%3D09/a+b%2Bc+%C3%B1.parquet",
    );
  });

  it.each([
    ["a space", "curated/log_events/dt=2026-12-03/hour=09/part one.parquet"],
    ["a plus", "curated/log_events/dt=2026-12-03/hour=09/part+1.parquet"],
    ["an equals sign and a percent", "curated/log_events/dt=2026-12-03/hour=09/a=b 100%.parquet"],
    ["non-ASCII letters and an emoji", "curated/log_events/dt=2026-12-03/hour=09/façade-日本-🙂.parquet"],
    ["a quote and parentheses", "curated/log_events/dt=2026-12-03/hour=09/it's (1).parquet"],
  ])("builds a body the loader's parser reads back exactly, for a key with %s", (_, key) => {
    // Act
    const body = s3NotificationBodyOf(
      { bucket: LAKE_BUCKET, key, size: 1234 },
      "2026-12-04T18:00:00.000Z",
      "eu-west-1",
    );
    // Assess
    expect(parseQueueBody(body)).toEqual({ kind: "objects", objects: [{ bucket: LAKE_BUCKET, key, size: 1234 }] });
    expect(collectQueueBatch([{ messageId: "m1", body }]).objects.map((o) => o.url)).toEqual([
      `s3://${LAKE_BUCKET}/${key}`,
    ]);
  });

  it("writes one ObjectCreated:Put record marked as a backfill", () => {
    const body = JSON.parse(
      s3NotificationBodyOf(
        { bucket: "b", key: "curated/log_events/dt=2026-12-03/hour=09/x.parquet", size: 5 },
        "2026-12-04T18:00:00.000Z",
      ),
    );
    expect(body).toEqual({
      Records: [
        {
          eventVersion: "2.1",
          eventSource: "aws:s3",
          eventTime: "2026-12-04T18:00:00.000Z",
          eventName: "ObjectCreated:Put",
          s3: {
            s3SchemaVersion: "1.0",
            configurationId: "loglake-backfill-lake",
            bucket: { name: "b" },
            object: { key: "curated/log_events/dt%3D2026-12-03/hour%3D09/x.parquet", size: 5 },
          },
        },
      ],
    });
  });
});
