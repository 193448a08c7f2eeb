import { FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import {
  chunkForPutRecordBatch,
  MAX_BATCH_BYTES,
  putRecordsReliably,
  RecordTooLargeError,
  ReingestError,
} from "../../core/io/put-record-batch.js";

const firehoseMock = mockClient(FirehoseClient);
const client = new FirehoseClient({ region: "us-east-1" });
const noSleep = { sleep: async () => {}, random: () => 0.5 };
const rec = (text: string) => Buffer.from(text);

describe("chunkForPutRecordBatch", () => {
  it("keeps at most 500 records per call", () => {
    const batches = chunkForPutRecordBatch(Array.from({ length: 1001 }, (_, i) => rec(String(i))));
    expect(batches.map((b) => b.length)).toEqual([500, 500, 1]);
  });

  it("keeps at most 4 MiB per call, in order", () => {
    const big = Buffer.alloc(900_000, 1);
    const batches = chunkForPutRecordBatch([big, big, big, big, big, rec("tail")]);
    expect(batches.map((b) => b.length)).toEqual([4, 2]);
    for (const b of batches) expect(b.reduce((n, r) => n + r.length, 0)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(batches[1]?.[1]?.toString()).toBe("tail");
  });
});

describe("chunkForPutRecordBatch limits", () => {
  it("refuses a record larger than Firehose's 1,000 KiB record limit", () => {
    expect(() => chunkForPutRecordBatch([rec("ok"), new Uint8Array(1_024_001)])).toThrow(RecordTooLargeError);
  });

  it("accepts a record of exactly 1,000 KiB", () => {
    expect(chunkForPutRecordBatch([new Uint8Array(1_024_000)])).toHaveLength(1);
  });
});

describe("putRecordsReliably", () => {
  beforeEach(() => firehoseMock.reset());

  it("puts every record to the named stream", async () => {
    firehoseMock.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: "a" }] });
    await putRecordsReliably(client, "onboarding-logs-to-s3", [rec("one")], noSleep);
    const calls = firehoseMock.commandCalls(PutRecordBatchCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.DeliveryStreamName).toBe("onboarding-logs-to-s3");
    expect(Buffer.from(calls[0]?.args[0].input.Records?.[0]?.Data as Uint8Array).toString()).toBe("one");
  });

  it("retries only the entries that failed, after a backoff", async () => {
    const sleeps: number[] = [];
    firehoseMock
      .on(PutRecordBatchCommand)
      .resolvesOnce({
        FailedPutCount: 2,
        RequestResponses: [
          { RecordId: "1" },
          { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." },
          { RecordId: "3" },
          { ErrorCode: "InternalFailure", ErrorMessage: "x" },
        ],
      })
      .resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: "2" }, { RecordId: "4" }] });
    await putRecordsReliably(client, "s", [rec("a"), rec("b"), rec("c"), rec("d")], {
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
      baseDelayMs: 100,
    });
    const calls = firehoseMock.commandCalls(PutRecordBatchCommand);
    expect(calls).toHaveLength(2);
    const retried = calls[1]?.args[0].input.Records?.map((r) => Buffer.from(r.Data as Uint8Array).toString());
    expect(retried).toEqual(["b", "d"]);
    expect(sleeps).toEqual([50]);
  });

  it("retries a whole call that throws (throttling) and then succeeds", async () => {
    firehoseMock
      .on(PutRecordBatchCommand)
      .rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }))
      .resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: "1" }] });
    await putRecordsReliably(client, "s", [rec("a")], noSleep);
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(2);
  });

  it("gives up with ReingestError naming the count and code after the last attempt", async () => {
    // "a" goes through on the first call; "b" fails on every call.
    firehoseMock.on(PutRecordBatchCommand).callsFake((input: { Records: { Data: Uint8Array }[] }) => {
      const responses = input.Records.map((r) =>
        Buffer.from(r.Data).toString() === "b" ? { ErrorCode: "ServiceUnavailableException" } : { RecordId: "1" },
      );
      return { FailedPutCount: responses.filter((r) => "ErrorCode" in r).length, RequestResponses: responses };
    });
    const put = putRecordsReliably(client, "s", [rec("a"), rec("b")], { ...noSleep, maxAttempts: 3 });
    await expect(put).rejects.toBeInstanceOf(ReingestError);
    await expect(put).rejects.toThrow("1 record(s) still failing after 3 attempts (ServiceUnavailableException)");
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(3);
  });
});
