/**
 * The reprocess over S3 + Firehose (aws-sdk-client-mock): what is put, copied, written and deleted.
 * Error records follow the documented shapes (test/fixtures/firehose-errors.ts names the sources).
 */
import { gzipSync } from "node:zlib";
import { FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { firehoseSink, s3ErrorStore } from "../../../core/io/s3-error-store.js";
import { reprocessErrors } from "../../../core/reprocess/run.js";
import { SAMPLE_ROW } from "../../fixtures/rows.js";

const s3Mock = mockClient(S3Client);
const firehoseMock = mockClient(FirehoseClient);
const s3 = new S3Client({ region: "eu-west-1" });
const firehose = new FirehoseClient({ region: "eu-west-1" });
const BUCKET = "loglake-dev-lake-123456789012-eu-west-1";
const STREAM = "loglake-dev-log-events";
const noSleep = { sleep: async () => {}, random: () => 0 };

/** A gzip'd DATA_MESSAGE as a subscription filter sends it (logs/SubscriptionFilters.html). */
const CWL_GZIP = gzipSync(
  JSON.stringify({
    messageType: "DATA_MESSAGE",
    owner: "123456789012",
    logGroup: "/aws/lambda/onboarding-api",
    logStream: "2026/12/01/[$LATEST]0123456789abcdef0123456789abcdef",
    subscriptionFilters: ["loglake-dev-log-lake"],
    logEvents: [
      { id: "36849271432418929102400000000000000000000000000000000001", timestamp: 1764583200000, message: "a" },
      { id: "36849271432418929102400000000000000000000000000000000002", timestamp: 1764583200001, message: "b" },
    ],
  }),
);
const CWL_B64 = CWL_GZIP.toString("base64");
const ROW_B64 = Buffer.from(`${JSON.stringify(SAMPLE_ROW)}\n`).toString("base64");
const ARN = "arn:aws:lambda:eu-west-1:123456789012:function:loglake-dev-transform";

const processingFailed = (rawData: string, arnKey = "lambdaArn") =>
  JSON.stringify({
    attemptsMade: 4,
    arrivalTimestamp: 1764583200000,
    errorCode: "Lambda.FunctionTimedOut",
    errorMessage: "The Lambda function invocation timed out.",
    attemptEndingTimestamp: 1764583500000,
    rawData,
    [arnKey]: ARN,
  });
const conversionFailed = (rawData: string, codeKey: "lastErrorCode" | "ErrorCode") =>
  JSON.stringify({
    attemptsMade: 1,
    arrivalTimestamp: 1764583200000,
    [codeKey]: "DataFormatConversion.MalformedData",
    [codeKey.replace("Code", "Message")]: "The given input does not match the schema",
    attemptEndingTimestamp: 1764583260000,
    rawData,
    sequenceNumber: "49546986683135544286507457936321625675700192471156785154",
    subSequenceNumber: null,
    dataCatalogTable: { catalogId: null, databaseName: "loglake_dev", tableName: "log_events" },
  });

const PF_KEY = "errors/processing-failed/2026/12/01/loglake-dev-log-events-1-2026-12-01-10-05-00-aaaa";
const FC_KEY = "errors/format-conversion-failed/2026/12/01/loglake-dev-log-events-1-2026-12-01-10-06-00-bbbb";

/** An in-memory bucket behind the S3 mock, so runs can be chained and interrupted. */
let bucket: Map<string, string>;
/** GetObject's Body: the store only calls transformToString (SDK v3 stream mixin). */
const body = (text: string) => ({ transformToString: async () => text }) as never;

function serveBucket(pageSize = 1000): void {
  s3Mock.on(ListObjectsV2Command).callsFake((input: { Prefix: string; ContinuationToken?: string }) => {
    const keys = [...bucket.keys()].filter((k) => k.startsWith(input.Prefix)).sort();
    const start = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
    const page = keys.slice(start, start + pageSize);
    const more = start + pageSize < keys.length;
    return {
      Contents: page.map((Key) => ({ Key, LastModified: new Date("2026-12-01T10:10:00Z") })),
      IsTruncated: more,
      NextContinuationToken: more ? String(start + pageSize) : undefined,
    };
  });
  s3Mock.on(GetObjectCommand).callsFake((input: { Key: string }) => ({ Body: body(bucket.get(input.Key) ?? "") }));
  s3Mock.on(HeadObjectCommand).callsFake((input: { Key: string }) => {
    if (bucket.has(input.Key)) return {};
    throw Object.assign(new Error("NotFound"), { name: "NotFound", $metadata: { httpStatusCode: 404 } });
  });
  s3Mock.on(PutObjectCommand).callsFake((input: { Key: string; Body: string }) => {
    bucket.set(input.Key, input.Body);
    return {};
  });
  s3Mock.on(CopyObjectCommand).callsFake((input: { Key: string; CopySource: string }) => {
    const from = decodeURIComponent(input.CopySource.slice(BUCKET.length + 1));
    bucket.set(input.Key, bucket.get(from) ?? "");
    return {};
  });
  s3Mock.on(DeleteObjectCommand).callsFake((input: { Key: string }) => {
    bucket.delete(input.Key);
    return {};
  });
}

const putData = (): string[][] =>
  firehoseMock
    .commandCalls(PutRecordBatchCommand)
    .map((c) => (c.args[0].input.Records ?? []).map((r) => Buffer.from(r.Data as Uint8Array).toString("base64")));
const run = (options = {}) =>
  reprocessErrors(s3ErrorStore(s3, BUCKET, 2), firehoseSink(firehose, STREAM, noSleep), options);

beforeEach(() => {
  s3Mock.reset();
  firehoseMock.reset();
  bucket = new Map();
  serveBucket(2);
  firehoseMock.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [] });
});

describe("reprocess over S3 and Firehose", () => {
  it("re-puts rawData of both error types byte for byte, whatever the field spellings", async () => {
    // Prepare
    bucket.set(PF_KEY, `${processingFailed(CWL_B64)}\n${processingFailed(CWL_B64, "lambdaARN")}\n`);
    bucket.set(FC_KEY, `${conversionFailed(ROW_B64, "lastErrorCode")}\n${conversionFailed(ROW_B64, "ErrorCode")}\n`);
    // Act
    const result = await run();
    // Assess
    const calls = firehoseMock.commandCalls(PutRecordBatchCommand);
    expect(calls.map((c) => c.args[0].input.DeliveryStreamName)).toEqual([STREAM, STREAM]);
    // Key order: format-conversion-failed sorts before processing-failed.
    expect(putData()).toEqual([
      [ROW_B64, ROW_B64],
      [CWL_B64, CWL_B64],
    ]);
    expect(result).toMatchObject({
      objects: 2,
      objects_reprocessed: 2,
      objects_left: 0,
      records_reput: 4,
      events_reput: 6,
      records_quarantined: 0,
    });
    expect([...bucket.keys()].sort()).toEqual([
      "errors-reprocessed/format-conversion-failed/2026/12/01/loglake-dev-log-events-1-2026-12-01-10-06-00-bbbb",
      "errors-reprocessed/processing-failed/2026/12/01/loglake-dev-log-events-1-2026-12-01-10-05-00-aaaa",
    ]);
  });

  it("copies with a URL-encoded CopySource, then deletes the source, in that order", async () => {
    // Prepare
    const key = "errors/processing-failed/2026/12/01/odd name+1";
    bucket.set(key, processingFailed(CWL_B64));
    // Act
    await run();
    // Assess
    const copy = s3Mock.commandCalls(CopyObjectCommand)[0]?.args[0].input;
    expect(copy).toEqual({
      Bucket: BUCKET,
      Key: "errors-reprocessed/processing-failed/2026/12/01/odd name+1",
      CopySource: "loglake-dev-lake-123456789012-eu-west-1/errors/processing-failed/2026/12/01/odd%20name%2B1",
    });
    expect(s3Mock.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: "errors/processing-failed/2026/12/01/odd name+1" },
    ]);
  });

  it("quarantines records that can never succeed with the reason, and re-puts the rest", async () => {
    // Prepare
    const notGzipNorRow = Buffer.from("Hello World").toString("base64");
    const lines = [processingFailed(CWL_B64), processingFailed("%%% not base64 %%%"), processingFailed(notGzipNorRow)];
    bucket.set(PF_KEY, `${lines.join("\n")}\n{truncated\n`);
    // Act
    const result = await run();
    // Assess
    expect(putData()).toEqual([[CWL_B64]]);
    expect(result).toMatchObject({ records_reput: 1, records_quarantined: 3, objects_reprocessed: 1 });
    const quarantine = s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(quarantine?.Key).toBe(
      "errors-quarantine/processing-failed/2026/12/01/loglake-dev-log-events-1-2026-12-01-10-05-00-aaaa",
    );
    expect(quarantine?.ContentType).toBe("application/x-ndjson");
    const entries = String(quarantine?.Body)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(entries.map((e) => [e.line, e.reason])).toEqual([
      [2, "rawData is not base64"],
      [3, "data is neither gzip nor JSON rows"],
      [4, "line is not JSON"],
    ]);
    expect(entries[0].source_key).toBe(PF_KEY);
    expect(entries[0].record).toBe(lines[1]);
    expect(entries[2].record).toBe("{truncated");
  });

  it("quarantines a gzip'd record that is not a CloudWatch Logs payload and a row that breaks the schema", async () => {
    // Prepare
    const wrongShape = gzipSync(JSON.stringify({ Hello: "World" })).toString("base64");
    const badRow = Buffer.from('{"event_id":"1"}').toString("base64");
    bucket.set(PF_KEY, processingFailed(wrongShape));
    bucket.set(FC_KEY, conversionFailed(badRow, "lastErrorCode"));
    // Act
    const result = await run();
    // Assess
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
    expect(result).toMatchObject({ records_reput: 0, records_quarantined: 2, objects_reprocessed: 2 });
    const reasons = [...bucket.entries()]
      .filter(([k]) => k.startsWith("errors-quarantine/"))
      .map(([, v]) => JSON.parse(v).reason as string);
    expect(reasons.sort()).toEqual([
      "not a CloudWatch Logs payload: unknown messageType",
      expect.stringMatching(/^not a log_events row: /),
    ]);
  });

  it("retries only the failed entries of a partial PutRecordBatch failure before moving the object", async () => {
    // Prepare
    bucket.set(PF_KEY, `${processingFailed(CWL_B64)}\n${processingFailed(ROW_B64)}\n`);
    firehoseMock
      .on(PutRecordBatchCommand)
      .resolvesOnce({
        FailedPutCount: 1,
        RequestResponses: [
          { RecordId: "r1" },
          { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." },
        ],
      })
      .resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: "r2" }] });
    // Act
    const result = await run();
    // Assess
    expect(putData()).toEqual([[CWL_B64, ROW_B64], [ROW_B64]]);
    expect(result.objects_reprocessed).toBe(1);
    expect(bucket.has(PF_KEY)).toBe(false);
  });

  it("leaves an object whose records are still failing, and gives up after 3 such objects in a row", async () => {
    // Prepare
    for (const n of [1, 2, 3, 4]) bucket.set(`${PF_KEY}-${n}`, processingFailed(CWL_B64));
    firehoseMock
      .on(PutRecordBatchCommand)
      .rejects(Object.assign(new Error("throttled"), { name: "ThrottlingException" }));
    // Act
    const result = await run();
    // Assess
    expect(result).toMatchObject({ objects: 4, objects_reprocessed: 0, objects_left: 4, stopped_early: true });
    expect(result.failures.map((f) => f.key)).toEqual([`${PF_KEY}-1`, `${PF_KEY}-2`, `${PF_KEY}-3`]);
    expect(result.failures[0]?.error).toBe(
      "ReingestError: PutRecordBatch to loglake-dev-log-events: 1 record(s) still failing after 6 attempts (ThrottlingException)",
    );
    expect(s3Mock.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(s3Mock.commandCalls(DeleteObjectCommand)).toHaveLength(0);
    expect(bucket.size).toBe(4);
  });

  it("resumes an interrupted run: the copied object is only deleted, the rest re-put once", async () => {
    // Prepare: a run that died after copying object 1 and before deleting it; object 2 untouched.
    const copied = "errors-reprocessed/processing-failed/2026/12/01/loglake-dev-log-events-1-2026-12-01-10-05-00-aaaa";
    bucket.set(PF_KEY, processingFailed(CWL_B64));
    bucket.set(copied, processingFailed(CWL_B64));
    bucket.set(FC_KEY, conversionFailed(ROW_B64, "ErrorCode"));
    // Act
    const result = await run();
    // Assess
    expect(putData()).toEqual([[ROW_B64]]);
    expect(result).toMatchObject({ objects_reprocessed: 2, objects_resumed: 1, records_reput: 1 });
    expect([...bucket.keys()].filter((k) => k.startsWith("errors/"))).toEqual([]);
  });

  it("re-puts nothing on a second run", async () => {
    // Prepare
    bucket.set(PF_KEY, processingFailed(CWL_B64));
    bucket.set(FC_KEY, `${conversionFailed(ROW_B64, "lastErrorCode")}\n${processingFailed("")}\n`);
    await run();
    firehoseMock.resetHistory();
    const after = new Map(bucket);
    // Act
    const second = await run();
    // Assess
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
    expect(second).toMatchObject({ objects: 0, records_reput: 0, records_quarantined: 0 });
    expect(bucket).toEqual(after);
  });

  it("lists every page and keeps only objects of --since or later; a dry run changes nothing", async () => {
    // Prepare
    for (const day of ["2026/11/29", "2026/11/30", "2026/12/01"]) {
      bucket.set(`errors/processing-failed/${day}/x`, processingFailed(CWL_B64));
    }
    bucket.set("errors/raw-backup-processing-failed/2026/12/01/y", processingFailed(CWL_B64));
    // Act
    const result = await run({ since: "2026-11-30", dryRun: true });
    // Assess
    expect(s3Mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.ContinuationToken)).toEqual([
      undefined,
      "2",
    ]);
    expect(result).toMatchObject({ objects: 2, records_reput: 2, events_reput: 4, dry_run: true });
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(s3Mock.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(s3Mock.commandCalls(DeleteObjectCommand)).toHaveLength(0);
  });

  it("refuses a prefix outside errors/", async () => {
    await expect(run({ prefix: "curated/" })).rejects.toThrow('prefix must be under errors/ (got "curated/")');
  });
});
