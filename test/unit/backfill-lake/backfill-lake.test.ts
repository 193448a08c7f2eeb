/**
 * `loglake backfill-lake` against mocked S3, SQS and STS: the stage's bucket and queue, ListObjectsV2 paging
 * per day, 10 messages per SendMessageBatch in the S3 notification shape, partial failures retried, messages
 * that never go reported in one line, the dry run, and the date checks.
 */
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { GetQueueUrlCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backfillDays, backfillLake } from "../../../cli/backfill-lake.js";
import { parseQueueBody } from "../../../core/load/notifications.js";
import { captureStdout } from "../../support/output.js";

const s3Mock = mockClient(S3Client);
const sqsMock = mockClient(SQSClient);
const stsMock = mockClient(STSClient);
const BUCKET = "loglake-dev-lake-123456789012-eu-west-1";
const QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/loglake-dev-load";
const key = (dt: string, hour: string, i: number) =>
  `curated/log_events/dt=${dt}/hour=${hour}/loglake-dev-log-events-1-${dt}-${hour}-00-00-${String(i).padStart(4, "0")}.parquet`;
const noWait = { sleep: async () => undefined, random: () => 0 };

let stdout: string[];
beforeEach(() => {
  vi.stubEnv("AWS_REGION", "eu-west-1");
  for (const m of [s3Mock, sqsMock, stsMock]) m.reset();
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: "123456789012" });
  sqsMock.on(GetQueueUrlCommand).resolves({ QueueUrl: QUEUE });
  sqsMock.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => ({
    Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}`, MD5OfMessageBody: "x" })),
    Failed: [],
  }));
  s3Mock.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false, KeyCount: 0 });
  stdout = captureStdout();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const run = (values: Record<string, string | boolean>) => backfillLake({ values, positionals: [] }, noWait);

/** The key of one message body, read with the loader's own parser. */
const sentKey = (body: string): string | undefined => {
  const parsed = parseQueueBody(body);
  return parsed.kind === "objects" ? parsed.objects[0]?.key : undefined;
};

/** The keys of every message body sent, in order, read back with the loader's own parser. */
const sentKeys = (): string[] =>
  sqsMock
    .commandCalls(SendMessageBatchCommand)
    .flatMap((c) => c.args[0].input.Entries ?? [])
    .flatMap((e) => {
      const parsed = parseQueueBody(e.MessageBody as string);
      return parsed.kind === "objects" ? parsed.objects.map((o) => o.key) : [`not objects: ${parsed.kind}`];
    });

describe("loglake backfill-lake", () => {
  it("pages through a day's objects and queues one notification per object, 10 per SendMessageBatch", async () => {
    // Prepare: 12 objects of 2026-12-01 over two pages, a stray key, nothing on 2026-12-02.
    const first = Array.from({ length: 7 }, (_, i) => ({ Key: key("2026-12-01", "09", i), Size: 100 + i }));
    const second = Array.from({ length: 5 }, (_, i) => ({ Key: key("2026-12-01", "10", i), Size: 200 }));
    s3Mock
      .on(ListObjectsV2Command, { Prefix: "curated/log_events/dt=2026-12-01/" })
      .resolvesOnce({ Contents: first, IsTruncated: true, NextContinuationToken: "page-2" })
      .resolvesOnce({
        Contents: [...second, { Key: "curated/log_events/dt=2026-12-01/notes.txt", Size: 3 }],
        IsTruncated: false,
      });
    // Act
    const code = await run({ stage: "dev", from: "2026-12-01", to: "2026-12-02" });
    // Assess
    expect(code).toBe(0);
    expect(sqsMock.commandCalls(GetQueueUrlCommand)[0]?.args[0].input).toEqual({ QueueName: "loglake-dev-load" });
    const lists = s3Mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);
    expect(lists).toEqual([
      { Bucket: BUCKET, Prefix: "curated/log_events/dt=2026-12-01/", ContinuationToken: undefined },
      { Bucket: BUCKET, Prefix: "curated/log_events/dt=2026-12-01/", ContinuationToken: "page-2" },
      { Bucket: BUCKET, Prefix: "curated/log_events/dt=2026-12-02/", ContinuationToken: undefined },
    ]);
    const batches = sqsMock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(batches.map((b) => b.QueueUrl)).toEqual([QUEUE, QUEUE]);
    expect(batches.map((b) => b.Entries?.length)).toEqual([10, 2]);
    expect(batches[0]?.Entries?.map((e) => e.Id)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(sentKeys()).toEqual([...first, ...second].map((o) => o.Key));
    const body = parseQueueBody(batches[0]?.Entries?.[0]?.MessageBody as string);
    expect(body).toEqual({
      kind: "objects",
      objects: [{ bucket: BUCKET, key: key("2026-12-01", "09", 0), size: 100 }],
    });
    expect(stdout.join("")).toBe(
      `backfill-lake dev s3://${BUCKET}/curated/log_events/ dt=2026-12-01..2026-12-02 → ${QUEUE}: 12 objects (0.0 MB) in 2 days; 12 messages sent in 2 SendMessageBatch calls (0 retried)\n`,
    );
  });

  it("sends again only the entries a SendMessageBatch reported as failed", async () => {
    // Prepare
    const objects = Array.from({ length: 3 }, (_, i) => ({ Key: key("2026-12-01", "09", i), Size: 10 }));
    s3Mock.on(ListObjectsV2Command).resolves({ Contents: objects, IsTruncated: false });
    sqsMock
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [
          { Id: "0", MessageId: "a", MD5OfMessageBody: "x" },
          { Id: "2", MessageId: "c", MD5OfMessageBody: "x" },
        ],
        Failed: [{ Id: "1", SenderFault: false, Code: "InternalError", Message: "try again" }],
      })
      .resolves({ Successful: [{ Id: "1", MessageId: "b", MD5OfMessageBody: "x" }], Failed: [] });
    // Act
    const code = await run({ stage: "dev", from: "2026-12-01", to: "2026-12-01", json: true });
    // Assess
    expect(code).toBe(0);
    const calls = sqsMock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries ?? []);
    expect(calls.map((entries) => entries.map((e) => e.Id))).toEqual([["0", "1", "2"], ["1"]]);
    expect(sentKeys()).toEqual([objects[0]?.Key, objects[1]?.Key, objects[2]?.Key, objects[1]?.Key]);
    expect(JSON.parse(stdout.join(""))).toMatchObject({ objects: 3, messages_sent: 3, send_calls: 2, retried: 1 });
  });

  it("fails with one line saying how much of the range went and the day to resume from when an entry keeps failing", async () => {
    // Prepare: 12 objects on 2026-12-01 (the 12th keeps failing), 3 on 2026-12-02 that are never tried.
    const day1 = Array.from({ length: 12 }, (_, i) => ({ Key: key("2026-12-01", "09", i), Size: 10 }));
    const day2 = Array.from({ length: 3 }, (_, i) => ({ Key: key("2026-12-02", "09", i), Size: 10 }));
    s3Mock.on(ListObjectsV2Command, { Prefix: "curated/log_events/dt=2026-12-01/" }).resolves({ Contents: day1 });
    s3Mock.on(ListObjectsV2Command, { Prefix: "curated/log_events/dt=2026-12-02/" }).resolves({ Contents: day2 });
    sqsMock.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string; MessageBody: string }[] }) => {
      const bad = input.Entries.filter((e) => sentKey(e.MessageBody) === key("2026-12-01", "09", 11));
      return {
        Successful: input.Entries.filter((e) => !bad.includes(e)).map((e) => ({
          Id: e.Id,
          MessageId: "m",
          MD5OfMessageBody: "x",
        })),
        Failed: bad.map((e) => ({ Id: e.Id, SenderFault: false, Code: "ServiceUnavailable", Message: "busy" })),
      };
    });
    // Act
    const failure = run({ stage: "dev", from: "2026-12-01", to: "2026-12-02", json: true });
    // Assess
    await expect(failure).rejects.toMatchObject({
      exitCode: 1,
      message: `1 message(s) of dt=2026-12-01 not sent after every retry (ServiceUnavailable; first: ${key("2026-12-01", "09", 11)}); 11 of 15 messages sent; resume with --from 2026-12-01 (objects already loaded are skipped)`,
    });
    // One call for the first 10, then 6 attempts for the last 2 (one accepted at the first), none for day 2.
    expect(sqsMock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.length)).toEqual([
      10, 2, 1, 1, 1, 1, 1,
    ]);
    expect(JSON.parse(stdout.join(""))).toMatchObject({
      objects: 15,
      messages_sent: 11,
      resume_from: "2026-12-01",
      days: [
        { dt: "2026-12-01", objects: 12, bytes: 120 },
        { dt: "2026-12-02", objects: 3, bytes: 30 },
      ],
    });
  });

  it.each([
    ["AccessDenied", `access denied while sending to ${QUEUE}: refused`],
    ["KMS.DisabledException", `sending to ${QUEUE} failed: KMS.DisabledException: refused`],
    ["ExpiredToken", "AWS credentials have expired: refresh them (e.g. aws sso login) and retry"],
  ])("stops at once without retries when SQS refuses an entry with %s", async (code, line) => {
    // Prepare
    s3Mock.on(ListObjectsV2Command).resolves({ Contents: [{ Key: key("2026-12-01", "09", 0), Size: 10 }] });
    sqsMock.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: "0", SenderFault: true, Code: code, Message: "refused" }],
    });
    // Act
    const failure = run({ stage: "dev", from: "2026-12-01", to: "2026-12-01" });
    // Assess
    await expect(failure).rejects.toMatchObject({
      exitCode: 1,
      message: `${line}; 0 of 1 messages sent; resume with --from 2026-12-01 (objects already loaded are skipped)`,
    });
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
    expect(stdout).toEqual([]);
  });

  it("says in one line that access is denied when the whole call is refused, after one call", async () => {
    // Prepare
    s3Mock.on(ListObjectsV2Command).resolves({ Contents: [{ Key: key("2026-12-01", "09", 0), Size: 10 }] });
    sqsMock
      .on(SendMessageBatchCommand)
      .rejects(
        Object.assign(new Error("User is not authorized to perform: sqs:sendmessage"), { name: "AccessDenied" }),
      );
    // Act
    const failure = run({ stage: "dev", from: "2026-12-01", to: "2026-12-01" });
    // Assess
    await expect(failure).rejects.toMatchObject({
      exitCode: 1,
      message: `access denied while sending to ${QUEUE}: User is not authorized to perform: sqs:sendmessage; 0 of 1 messages sent; resume with --from 2026-12-01 (objects already loaded are skipped)`,
    });
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it("fails the listing when a page says IsTruncated without a continuation token", async () => {
    // Prepare
    s3Mock
      .on(ListObjectsV2Command)
      .resolves({ Contents: [{ Key: key("2026-12-01", "09", 0), Size: 10 }], IsTruncated: true });
    // Act
    const failure = run({ stage: "dev", from: "2026-12-01", to: "2026-12-01" });
    // Assess
    await expect(failure).rejects.toMatchObject({
      exitCode: 1,
      message: `listing s3://${BUCKET}/curated/log_events/dt=2026-12-01/ failed: Error: ListObjectsV2 said IsTruncated without a NextContinuationToken after 1 objects`,
    });
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it("fails the listing when an object comes without its Size (the ledger's content_length)", async () => {
    // Prepare
    s3Mock.on(ListObjectsV2Command).resolves({ Contents: [{ Key: key("2026-12-01", "09", 0) }], IsTruncated: false });
    // Act
    const failure = run({ stage: "dev", from: "2026-12-01", to: "2026-12-01" });
    // Assess
    await expect(failure).rejects.toMatchObject({
      exitCode: 1,
      message: `listing s3://${BUCKET}/curated/log_events/dt=2026-12-01/ failed: Error: ListObjectsV2 returned ${key("2026-12-01", "09", 0)} without its Size`,
    });
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it("lists objects and bytes per day on a dry run and sends nothing", async () => {
    // Prepare
    s3Mock.on(ListObjectsV2Command, { Prefix: "curated/log_events/dt=2026-11-30/" }).resolves({
      Contents: [
        { Key: key("2026-11-30", "23", 1), Size: 1_048_576 },
        { Key: key("2026-11-30", "23", 2), Size: 524_288 },
      ],
      IsTruncated: false,
    });
    // Act
    const code = await run({ stage: "dev", from: "2026-11-30", to: "2026-12-01", "dry-run": true });
    // Assess
    expect(code).toBe(0);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    expect(sqsMock.commandCalls(GetQueueUrlCommand)).toHaveLength(0);
    expect(stdout.join("")).toBe(
      [
        "  dt=2026-11-30        2 objects        1.5 MB",
        "  dt=2026-12-01        0 objects        0.0 MB",
        `backfill-lake dev s3://${BUCKET}/curated/log_events/ dt=2026-11-30..2026-12-01 (dry run: nothing sent): 2 objects (1.5 MB) in 2 days\n`,
      ].join("\n"),
    );
  });

  it("says in one line that the stage's load queue is missing", async () => {
    sqsMock
      .on(GetQueueUrlCommand)
      .rejects(Object.assign(new Error("The specified queue does not exist."), { name: "QueueDoesNotExist" }));
    await expect(run({ stage: "dev", from: "2026-12-01", to: "2026-12-01" })).rejects.toMatchObject({
      exitCode: 1,
      message: "load queue loglake-dev-load does not exist in eu-west-1: deploy the loading stack",
    });
  });

  it("requires --stage", async () => {
    await expect(run({ from: "2026-12-01", to: "2026-12-01" })).rejects.toMatchObject({
      exitCode: 2,
      message: "--stage is required (see loglake backfill-lake --help)",
    });
  });
});

describe("backfillDays", () => {
  it("lists every UTC day from --from to --to, both included, across a month end", () => {
    expect(backfillDays("2026-11-29", "2026-12-02")).toEqual(["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]);
    expect(backfillDays("2028-02-28", "2028-03-01")).toEqual(["2028-02-28", "2028-02-29", "2028-03-01"]);
  });

  it.each([
    [undefined, "2026-12-01", "--from is required (YYYY-MM-DD)"],
    ["2026-12-01", "", "--to is required (YYYY-MM-DD)"],
    ["2026-12-1", "2026-12-02", '--from must be a real day as YYYY-MM-DD, got "2026-12-1"'],
    ["2026-02-30", "2026-03-02", '--from must be a real day as YYYY-MM-DD, got "2026-02-30"'],
    ["2026-12-01", "2026-13-01", '--to must be a real day as YYYY-MM-DD, got "2026-13-01"'],
    ["2026-12-01T00:00Z", "2026-12-02", '--from must be a real day as YYYY-MM-DD, got "2026-12-01T00:00Z"'],
    ["2026-12-03", "2026-12-01", "--from 2026-12-03 is after --to 2026-12-01"],
    ["2025-01-01", "2026-01-02", "--from 2025-01-01 --to 2026-01-02 spans 367 days; at most 366 per call"],
  ])("refuses --from %s --to %s with a usage error", (from, to, message) => {
    expect(() => backfillDays(from, to)).toThrow(expect.objectContaining({ exitCode: 2, message }));
  });

  it("takes a whole leap year (366 days)", () => {
    expect(backfillDays("2028-01-01", "2028-12-31")).toHaveLength(366);
  });
});
