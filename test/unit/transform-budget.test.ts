/**
 * The 6 MB response limit: records that do not fit are re-ingested (PutRecordBatch, mocked) and
 * marked Dropped; a record too big on its own is split by log events. No event lost, none twice.
 */
import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { buildTransformHandler } from "../../handlers/transform/build.js";
import { loadTransformConfig } from "../../handlers/transform/config.js";
import type { CloudWatchLogsPayload } from "../../schemas/cloudwatch.js";
import { dataMessage, encodePayload, firehoseEvent, rowsOf, TEST_MASKING_KEY } from "../fixtures/cwl.js";

const firehoseMock = mockClient(FirehoseClient);
const client = new FirehoseClient({ region: "us-east-1" });
const GROUP = "/aws/lambda/onboarding-document-upload";
const config = loadTransformConfig({ MASKING_KEY: TEST_MASKING_KEY });
const handler = buildTransformHandler({ firehose: client, config, maskingKey: TEST_MASKING_KEY });

/** Incompressible-enough text so rows are large (letters only: no digit runs for masking to touch). */
const bulky = (chars: number) =>
  randomBytes(chars)
    .toString("base64")
    .slice(0, chars)
    .replace(/[^a-zA-Z]/g, "x");

function payloadOf(record: number, events: number, bytesPerEvent: number): CloudWatchLogsPayload {
  const stream = `2026/11/26/[$LATEST]${record.toString(16).padStart(32, "0")}`;
  const start = Date.UTC(2026, 10, 26, 10, 0, 0) + record * 10_000;
  return dataMessage(
    GROUP,
    stream,
    Array.from({ length: events }, () => `${bulky(bytesPerEvent)}\n`),
    start,
  );
}

/** Every event id the handler accounted for: in Ok rows, or inside re-put records. */
function accountedIds(response: Awaited<ReturnType<typeof handler>>): string[] {
  const ok = response.records
    .filter((r) => r.result === "Ok")
    .flatMap((r) => rowsOf(r.data).map((row) => String(row.event_id)));
  const reput = firehoseMock
    .commandCalls(PutRecordBatchCommand)
    .flatMap((c) => c.args[0].input.Records ?? [])
    .flatMap((r) =>
      (JSON.parse(gunzipSync(r.Data as Uint8Array).toString()) as CloudWatchLogsPayload).logEvents.map((e) => e.id),
    );
  return [...ok, ...reput];
}

beforeEach(() => {
  firehoseMock.reset();
  firehoseMock.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => {
    return { FailedPutCount: 0, RequestResponses: input.Records.map((_, i) => ({ RecordId: String(i) })) };
  });
});

describe("transform handler: 6 MB response budget", () => {
  it("keeps the response under 6,000,000 bytes and re-ingests the records that do not fit", async () => {
    // Prepare: 10 records of ~1 MB of rows each (~1.4 MB base64) — about twice the budget.
    const payloads = Array.from({ length: 10 }, (_, i) => payloadOf(i, 250, 4000));
    const event = firehoseEvent(payloads.map(encodePayload));
    // Act
    const response = await handler(event);
    // Assess
    expect(JSON.stringify(response).length).toBeLessThan(6_000_000);
    const results = response.records.map((r) => r.result);
    expect(results.filter((r) => r === "Ok").length).toBeGreaterThanOrEqual(3);
    expect(results.filter((r) => r === "Dropped").length).toBeGreaterThanOrEqual(3);
    expect(response.records.map((r) => r.recordId)).toEqual(event.records.map((r) => r.recordId));
    // Dropped records went back as they came: their original bytes, one per record.
    const reput = firehoseMock.commandCalls(PutRecordBatchCommand).flatMap((c) => c.args[0].input.Records ?? []);
    const droppedData = event.records.filter((_, i) => results[i] === "Dropped").map((r) => r.data);
    expect(reput.map((r) => Buffer.from(r.Data as Uint8Array).toString("base64"))).toEqual(droppedData);
    const ids = accountedIds(response);
    expect(ids.sort()).toEqual(payloads.flatMap((p) => p.logEvents.map((e) => e.id)).sort());
  });

  it("splits one record whose rows alone exceed the limit into smaller gzip'd payloads", async () => {
    // Prepare: one record with ~7 MB of rows.
    const payload = payloadOf(0, 1400, 5000);
    // Act
    const response = await handler(firehoseEvent([encodePayload(payload)]));
    // Assess
    expect(response.records.map((r) => r.result)).toEqual(["Dropped"]);
    const reput = firehoseMock.commandCalls(PutRecordBatchCommand).flatMap((c) => c.args[0].input.Records ?? []);
    expect(reput.length).toBeGreaterThanOrEqual(4);
    for (const r of reput) expect((r.Data as Uint8Array).length).toBeLessThanOrEqual(1_000_000);
    const pieces = reput.map((r) => JSON.parse(gunzipSync(r.Data as Uint8Array).toString()) as CloudWatchLogsPayload);
    for (const p of pieces) expect({ ...p, logEvents: [] }).toEqual({ ...payload, logEvents: [] });
    expect(pieces.flatMap((p) => p.logEvents)).toEqual(payload.logEvents);
    // Each piece now fits a response on its own.
    const again = await handler(
      firehoseEvent(reput.map((r) => Buffer.from(r.Data as Uint8Array).toString("base64")).slice(0, 1)),
    );
    expect(again.records[0]?.result).toBe("Ok");
  });

  it("retries only failed entries when PutRecordBatch partly fails, then answers", async () => {
    firehoseMock.reset();
    firehoseMock
      .on(PutRecordBatchCommand)
      .callsFakeOnce((input: { Records: unknown[] }) => ({
        FailedPutCount: 1,
        RequestResponses: input.Records.map((_, i) =>
          i === 0 ? { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." } : { RecordId: String(i) },
        ),
      }))
      .callsFake((input: { Records: unknown[] }) => ({
        FailedPutCount: 0,
        RequestResponses: input.Records.map((_, i) => ({ RecordId: String(i) })),
      }));
    const payloads = Array.from({ length: 10 }, (_, i) => payloadOf(i, 250, 4000));
    const response = await handler(firehoseEvent(payloads.map(encodePayload)));
    // Assess: the failed entry (the first of the first call) is sent again, alone; nothing else twice.
    const calls = firehoseMock.commandCalls(PutRecordBatchCommand).map((c) => c.args[0].input.Records ?? []);
    const first = calls[0] ?? [];
    const sameBytes = (a: unknown, b: unknown) =>
      Buffer.compare(Buffer.from((a as { Data: Uint8Array }).Data), Buffer.from((b as { Data: Uint8Array }).Data)) ===
      0;
    expect(calls[1]).toHaveLength(1);
    expect(sameBytes(calls[1]?.[0], first[0])).toBe(true);
    const distinct = [first, ...calls.slice(2)].flat();
    const hex = distinct.map((r) => Buffer.from(r.Data as Uint8Array).toString("base64"));
    expect(new Set(hex).size).toBe(distinct.length);
    // The event ids in Ok rows plus the distinct re-put records cover every event once.
    const okIds = response.records
      .filter((r) => r.result === "Ok")
      .flatMap((r) => rowsOf(r.data).map((x) => x.event_id));
    const reputIds = distinct.flatMap((r) =>
      (JSON.parse(gunzipSync(r.Data as Uint8Array).toString()) as CloudWatchLogsPayload).logEvents.map((e) => e.id),
    );
    expect([...okIds, ...reputIds].sort()).toEqual(payloads.flatMap((p) => p.logEvents.map((e) => e.id)).sort());
  });

  it("fails the invocation (so Firehose retries it) when re-ingestion keeps failing", async () => {
    firehoseMock.reset();
    firehoseMock
      .on(PutRecordBatchCommand)
      .rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
    const payloads = Array.from({ length: 10 }, (_, i) => payloadOf(i, 250, 4000));
    const noWait = buildTransformHandler({
      firehose: client,
      config,
      maskingKey: TEST_MASKING_KEY,
      putOptions: { sleep: async () => {} },
    });
    await expect(noWait(firehoseEvent(payloads.map(encodePayload)))).rejects.toThrow(/AccessDeniedException/);
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(6);
  });
});
