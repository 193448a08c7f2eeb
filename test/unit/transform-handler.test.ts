import { FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { buildTransformHandler, streamNameOf } from "../../handlers/transform/build.js";
import { loadTransformConfig } from "../../handlers/transform/config.js";
import { LogEventRowSchema } from "../../schemas/row.js";
import { CORRUPT_DATA } from "../fixtures/corrupt.js";
import {
  CONTROL_MESSAGE,
  dataMessage,
  encodePayload,
  firehoseEvent,
  rowsOf,
  TEST_MASKING_KEY,
} from "../fixtures/cwl.js";

const firehoseMock = mockClient(FirehoseClient);
const client = new FirehoseClient({ region: "us-east-1" });

function makeHandler(env: Record<string, string> = {}) {
  const config = loadTransformConfig({ MASKING_KEY: TEST_MASKING_KEY, ...env });
  return buildTransformHandler({ firehose: client, config, maskingKey: TEST_MASKING_KEY });
}

const LAMBDA_GROUP = "/aws/lambda/onboarding-identity-validation";
const LAMBDA_STREAM = "2026/11/26/[$LATEST]4f1c2e3d5b6a79808f9e0d1c2b3a4958";
const lambdaLines = [
  "START RequestId: 6f1b2c3d-1111-4a5b-9c8d-0123456789ab Version: $LATEST\n",
  "2026-11-26T10:15:00.002Z\t6f1b2c3d-1111-4a5b-9c8d-0123456789ab\tINFO\tValidating applicant maria.gomez@example.com\n",
  "END RequestId: 6f1b2c3d-1111-4a5b-9c8d-0123456789ab\n",
  "REPORT RequestId: 6f1b2c3d-1111-4a5b-9c8d-0123456789ab\tDuration: 46.84 ms\tBilled Duration: 47 ms\tMemory Size: 256 MB\tMax Memory Used: 72 MB\t\n",
];

beforeEach(() => {
  firehoseMock.reset();
  firehoseMock.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => ({
    FailedPutCount: 0,
    RequestResponses: input.Records.map((_, i) => ({ RecordId: String(i) })),
  }));
});

describe("transform handler: the Firehose contract", () => {
  it("answers each recordId exactly once, in input order (blueprint-style batch)", async () => {
    // Prepare: like the blueprint test event — a CONTROL_MESSAGE first, then DATA_MESSAGEs.
    const event = firehoseEvent([
      encodePayload(CONTROL_MESSAGE),
      encodePayload(dataMessage(LAMBDA_GROUP, LAMBDA_STREAM, lambdaLines)),
      encodePayload(dataMessage(LAMBDA_GROUP, LAMBDA_STREAM, ["plain text line\n"])),
    ]);
    // Act
    const response = await makeHandler()(event);
    // Assess
    expect(response.records.map((r) => r.recordId)).toEqual(event.records.map((r) => r.recordId));
    expect(response.records.map((r) => r.result)).toEqual(["Dropped", "Ok", "Ok"]);
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
  });

  it("turns every log event into exactly one valid row with partition keys from its event time", async () => {
    const payload = dataMessage(LAMBDA_GROUP, LAMBDA_STREAM, lambdaLines, Date.UTC(2026, 10, 26, 10, 15, 0));
    const response = await makeHandler()(firehoseEvent([encodePayload(payload)]));
    const out = response.records[0];
    const rows = rowsOf(out?.data);
    expect(rows.map((r) => r.event_id)).toEqual(payload.logEvents.map((e) => e.id));
    for (const row of rows) expect(LogEventRowSchema.safeParse(row).success).toBe(true);
    expect(out?.metadata?.partitionKeys).toEqual({ dt: "2026-11-26", hour: "10" });
    expect(rows[0]).toMatchObject({
      event_time: "2026-11-26 10:15:00.000",
      ingest_time: "2026-11-26 10:16:00.000",
      account_id: "123456789012",
      log_group: LAMBDA_GROUP,
      source: "lambda",
      service: "onboarding-identity-validation",
    });
    expect(rows[3]).toMatchObject({ log_format: "lambda_platform", duration_ms: 46.84, memory_size_mb: 256 });
  });

  it("masks personal data before it is written", async () => {
    const response = await makeHandler()(
      firehoseEvent([encodePayload(dataMessage(LAMBDA_GROUP, LAMBDA_STREAM, lambdaLines))]),
    );
    const text = Buffer.from(response.records[0]?.data ?? "", "base64").toString();
    expect(text).not.toContain("maria.gomez@example.com");
    expect(rowsOf(response.records[0]?.data)[1]?.message).toMatch(/^Validating applicant \[email:[0-9a-f]{8}\]$/);
  });

  it("partitions by a configured IANA time zone", async () => {
    const payload = dataMessage(LAMBDA_GROUP, LAMBDA_STREAM, ["x\n"], Date.UTC(2026, 10, 26, 2, 0, 0));
    const response = await makeHandler({ PARTITION_TIME_ZONE: "America/Argentina/Buenos_Aires" })(
      firehoseEvent([encodePayload(payload)]),
    );
    expect(response.records[0]?.metadata?.partitionKeys).toEqual({ dt: "2026-11-25", hour: "23" });
  });

  it("marks each kind of undecodable record ProcessingFailed with its original data, sparing the rest", async () => {
    const good = encodePayload(dataMessage(LAMBDA_GROUP, LAMBDA_STREAM, ["ok\n"]));
    const corrupt = Object.values(CORRUPT_DATA);
    const event = firehoseEvent([good, ...corrupt, good]);
    const response = await makeHandler()(event);
    expect(response.records.map((r) => r.result)).toEqual(["Ok", ...corrupt.map(() => "ProcessingFailed"), "Ok"]);
    expect(response.records.slice(1, -1).map((r) => r.data)).toEqual(corrupt);
  });

  it("passes log_events rows (a re-put error record) through unchanged", async () => {
    const handler = makeHandler();
    const first = await handler(firehoseEvent([encodePayload(dataMessage(LAMBDA_GROUP, LAMBDA_STREAM, lambdaLines))]));
    const again = await handler(firehoseEvent([first.records[0]?.data ?? ""]));
    expect(again.records[0]?.result).toBe("Ok");
    expect(rowsOf(again.records[0]?.data)).toEqual(rowsOf(first.records[0]?.data));
    expect(again.records[0]?.metadata).toEqual(first.records[0]?.metadata);
  });

  it("re-ingests the events of other hours so every Ok record holds one partition", async () => {
    // Prepare: 3 events in hour 10 and 2 in hour 11, in one CloudWatch payload.
    const base = dataMessage(LAMBDA_GROUP, LAMBDA_STREAM, ["a\n", "b\n", "c\n", "d\n", "e\n"]);
    const hour10 = Date.UTC(2026, 10, 26, 10, 59, 59, 998);
    const logEvents = base.logEvents.map((e, i) => ({
      ...e,
      timestamp: i < 3 ? hour10 : Date.UTC(2026, 10, 26, 11, 0, 0, i),
    }));
    const payload = { ...base, logEvents };
    // Act
    const response = await makeHandler()(firehoseEvent([encodePayload(payload)]));
    // Assess: hour 10 returned, hour 11 re-put as a gzip'd CloudWatch payload of exactly those events.
    expect(response.records[0]?.metadata?.partitionKeys).toEqual({ dt: "2026-11-26", hour: "10" });
    expect(rowsOf(response.records[0]?.data).map((r) => r.message)).toEqual(["a", "b", "c"]);
    const calls = firehoseMock.commandCalls(PutRecordBatchCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.DeliveryStreamName).toBe("onboarding-logs-to-s3");
    const reput = calls[0]?.args[0].input.Records?.map((r) => r.Data as Uint8Array) ?? [];
    const { gunzipSync } = await import("node:zlib");
    const events = reput.flatMap((d) => JSON.parse(gunzipSync(d).toString()).logEvents as { message: string }[]);
    expect(events.map((e) => e.message)).toEqual(["d\n", "e\n"]);
  });

  it("answers a record without string data ProcessingFailed under its recordId, sparing the rest", async () => {
    const good = encodePayload(dataMessage(LAMBDA_GROUP, LAMBDA_STREAM, ["ok\n"]));
    const event = firehoseEvent([good, good]);
    const records = [
      event.records[0],
      { recordId: "no-data", approximateArrivalTimestamp: 1_764_151_200_000 },
      { recordId: "numeric-data", approximateArrivalTimestamp: 1_764_151_200_000, data: 42 },
      event.records[1],
    ];
    const response = await makeHandler()({ ...event, records });
    expect(response.records.map((r) => [r.recordId, r.result])).toEqual([
      [event.records[0]?.recordId, "Ok"],
      ["no-data", "ProcessingFailed"],
      ["numeric-data", "ProcessingFailed"],
      [event.records[1]?.recordId, "Ok"],
    ]);
  });

  it("rejects an event that is not a Firehose transformation event", async () => {
    await expect(makeHandler()({ Records: [] })).rejects.toThrow("Not a Firehose data-transformation event");
  });
});

describe("loadTransformConfig", () => {
  it("names the variables when no masking key is configured", () => {
    expect(() => loadTransformConfig({})).toThrow(/MASKING_KEY_SECRET_ARN.*MASKING_KEY/);
  });
  it("names a bad time zone", () => {
    expect(() => loadTransformConfig({ MASKING_KEY: TEST_MASKING_KEY, PARTITION_TIME_ZONE: "Nowhere/Land" })).toThrow(
      "PARTITION_TIME_ZONE",
    );
  });
  it("names a short masking key", () => {
    expect(() => loadTransformConfig({ MASKING_KEY: "short" })).toThrow("MASKING_KEY: must be at least 16 characters");
  });
});

describe("streamNameOf", () => {
  it("reads the stream name from a delivery stream ARN and refuses other strings", () => {
    expect(streamNameOf("arn:aws:firehose:us-east-1:123456789012:deliverystream/onboarding-logs-to-s3")).toBe(
      "onboarding-logs-to-s3",
    );
    expect(streamNameOf("aws:lambda:events")).toBeUndefined();
  });
});
