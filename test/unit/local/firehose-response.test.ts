/**
 * The local Firehose applies Firehose's own checks to a transform response (docs: "Lambda
 * Invocation Errors"): a duplicated or missing record id, or a malformed response, sends the
 * whole batch to errors/processing-failed with the documented code, after the first attempt.
 */
import { describe, expect, it } from "vitest";
import { type LakeSink, LocalFirehose, type TransformFn } from "../../../local/firehose.js";
import type { FirehoseTransformationEvent } from "../../../schemas/firehose.js";

interface Written {
  rows: string[];
  errors: { type: string; record: Record<string, unknown> }[];
}

function sink(): LakeSink & Written {
  const rows: string[] = [];
  const errors: Written["errors"] = [];
  return {
    rows,
    errors,
    addRows: async (dt, hour, ndjson) => {
      rows.push(`${dt}/${hour}: ${Buffer.from(ndjson).toString()}`);
    },
    addRaw: async () => undefined,
    addError: (type, record) => {
      errors.push({ type, record });
    },
    endInvocation: async () => undefined,
  };
}

/** Runs two source records through a stream whose transform answers with `respond`. */
async function run(respond: (event: FirehoseTransformationEvent) => unknown): Promise<Written> {
  const lake = sink();
  const transform: TransformFn = async (event) => respond(event) as Awaited<ReturnType<TransformFn>>;
  const stream = new LocalFirehose(() => transform, lake, {
    streamName: "loglake-sandbox-log-events",
    lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:transform",
    now: () => 1_764_720_000_000,
  });
  await stream.put([Buffer.from("first\n"), Buffer.from("second\n")]);
  await stream.drain();
  return lake;
}

const ok = (recordId: string) => ({
  recordId,
  result: "Ok",
  data: Buffer.from('{"event_id":"1"}\n').toString("base64"),
  metadata: { partitionKeys: { dt: "2026-12-03", hour: "00" } },
});

describe("local Firehose: response checks", () => {
  it("delivers a response with each record id once", async () => {
    const lake = await run((e) => ({ records: e.records.map((r) => ok(r.recordId)) }));
    expect(lake.errors).toEqual([]);
    expect(lake.rows).toEqual(['2026-12-03/00: {"event_id":"1"}\n', '2026-12-03/00: {"event_id":"1"}\n']);
  });

  it("fails the whole batch with Lambda.DuplicatedRecordId when an id comes back twice", async () => {
    const lake = await run((e) => ({ records: [ok(e.records[0]?.recordId ?? ""), ok(e.records[0]?.recordId ?? "")] }));
    expect(lake.rows).toEqual([]);
    expect(lake.errors.map((x) => [x.type, x.record.errorCode, x.record.attemptsMade])).toEqual([
      ["processing-failed", "Lambda.DuplicatedRecordId", 1],
      ["processing-failed", "Lambda.DuplicatedRecordId", 1],
    ]);
    expect(lake.errors.map((x) => Buffer.from(String(x.record.rawData), "base64").toString())).toEqual([
      "first\n",
      "second\n",
    ]);
    expect(lake.errors[0]?.record.errorMessage).toBe(
      "Multiple records were returned with the same record ID. Ensure that the Lambda function returns unique record IDs for each record.",
    );
  });

  it("fails the whole batch with Lambda.MissingRecordId when an id is left out", async () => {
    const lake = await run((e) => ({ records: [ok(e.records[1]?.recordId ?? "")] }));
    expect(lake.rows).toEqual([]);
    expect(lake.errors.map((x) => x.record.errorCode)).toEqual(["Lambda.MissingRecordId", "Lambda.MissingRecordId"]);
    expect(lake.errors[0]?.record.lambdaArn).toBe("arn:aws:lambda:us-east-1:123456789012:function:transform");
  });

  it("fails the batch with Lambda.MissingRecordId for an id it never sent, even with the right count", async () => {
    const lake = await run((e) => ({ records: [ok(e.records[0]?.recordId ?? ""), ok("not-sent")] }));
    expect(lake.errors.map((x) => x.record.errorCode)).toEqual(["Lambda.MissingRecordId", "Lambda.MissingRecordId"]);
  });

  it("fails the batch with Lambda.JsonProcessingException for records without a result", async () => {
    const lake = await run((e) => ({ records: e.records.map((r) => ({ recordId: r.recordId })) }));
    expect(lake.errors.map((x) => x.record.errorCode)).toEqual([
      "Lambda.JsonProcessingException",
      "Lambda.JsonProcessingException",
    ]);
  });
});
