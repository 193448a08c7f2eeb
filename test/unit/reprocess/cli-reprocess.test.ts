/** `loglake reprocess` against mocked AWS: stage names, pre-checks and their one-line errors, the summary line. */
import { gzipSync } from "node:zlib";
import { DescribeDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { awsReprocess } from "../../../cli/reprocess.js";
import { captureStdout } from "../../support/output.js";

const s3Mock = mockClient(S3Client);
const firehoseMock = mockClient(FirehoseClient);
const stsMock = mockClient(STSClient);
const KEY = "errors/processing-failed/2026/12/01/loglake-dev-log-events-1-2026-12-01-10-05-00-aaaa";
const RAW = gzipSync(
  JSON.stringify({
    messageType: "DATA_MESSAGE",
    owner: "123456789012",
    logGroup: "/aws/lambda/onboarding-api",
    logStream: "s",
    subscriptionFilters: ["f"],
    logEvents: [{ id: "1", timestamp: 1764583200000, message: "m" }],
  }),
).toString("base64");
const LINE = JSON.stringify({ attemptsMade: 1, errorCode: "Lambda.FunctionTimedOut", rawData: RAW, lambdaArn: "arn" });

let stdout: string[];
beforeEach(() => {
  vi.stubEnv("AWS_REGION", "eu-west-1");
  for (const m of [s3Mock, firehoseMock, stsMock]) m.reset();
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: "123456789012" });
  s3Mock.on(HeadBucketCommand).resolves({});
  firehoseMock.on(DescribeDeliveryStreamCommand).resolves({});
  s3Mock.on(ListObjectsV2Command).resolves({ Contents: [{ Key: KEY }], IsTruncated: false });
  s3Mock.on(HeadObjectCommand).rejects(Object.assign(new Error("NotFound"), { name: "NotFound" }));
  s3Mock.on(GetObjectCommand).resolves({ Body: { transformToString: async () => LINE } as never });
  firehoseMock.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: "1" }] });
  stdout = captureStdout();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("loglake reprocess", () => {
  it("derives the dev stage's bucket and stream from the caller's account and prints one summary line", async () => {
    // Act
    const code = await awsReprocess(["--stage", "dev"]);
    // Assess
    expect(code).toBe(0);
    expect(s3Mock.commandCalls(HeadBucketCommand)[0]?.args[0].input).toEqual({
      Bucket: "loglake-dev-lake-123456789012-eu-west-1",
    });
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)[0]?.args[0].input.DeliveryStreamName).toBe(
      "loglake-dev-log-events",
    );
    expect(s3Mock.commandCalls(CopyObjectCommand)[0]?.args[0].input.Key).toBe(
      "errors-reprocessed/processing-failed/2026/12/01/loglake-dev-log-events-1-2026-12-01-10-05-00-aaaa",
    );
    expect(s3Mock.commandCalls(DeleteObjectCommand)[0]?.args[0].input.Key).toBe(KEY);
    expect(stdout.join("")).toBe(
      "reprocess s3://loglake-dev-lake-123456789012-eu-west-1/errors/ → loglake-dev-log-events: 1 objects, 1 moved to errors-reprocessed/, 0 left; 1 records re-put (1 log events), 0 quarantined\n",
    );
  });

  it("prints the result as JSON with --json and changes nothing with --dry-run", async () => {
    // Act
    const code = await awsReprocess(["--bucket", "my-lake", "--stream", "my-stream", "--dry-run", "--json"]);
    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(stdout.join(""))).toEqual({
      bucket: "my-lake",
      stream: "my-stream",
      prefix: "errors/",
      since: null,
      dry_run: true,
      objects: 1,
      objects_reprocessed: 0,
      objects_resumed: 0,
      objects_left: 0,
      records_reput: 1,
      events_reput: 1,
      records_quarantined: 0,
      stopped_early: false,
      failures: [],
    });
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
    expect(s3Mock.commandCalls(CopyObjectCommand)).toHaveLength(0);
  });

  it("says in one line that the bucket does not exist", async () => {
    s3Mock
      .on(HeadBucketCommand)
      .rejects(Object.assign(new Error("UnknownError"), { name: "NotFound", $metadata: { httpStatusCode: 404 } }));
    await expect(awsReprocess(["--bucket", "no-such-lake", "--stream", "s"])).rejects.toThrow(
      "bucket no-such-lake does not exist",
    );
  });

  it("says in one line that the stream does not exist, naming the region", async () => {
    firehoseMock.on(DescribeDeliveryStreamCommand).rejects(
      Object.assign(new Error("Firehose no-such-stream under account 123456789012 not found."), {
        name: "ResourceNotFoundException",
      }),
    );
    await expect(awsReprocess(["--bucket", "b", "--stream", "no-such-stream"])).rejects.toThrow(
      "delivery stream no-such-stream does not exist in eu-west-1",
    );
  });

  it("says in one line that there are no credentials", async () => {
    stsMock
      .on(GetCallerIdentityCommand)
      .rejects(
        Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }),
      );
    await expect(awsReprocess(["--bucket", "b", "--stream", "s"])).rejects.toThrow(
      "no AWS credentials found: set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and retry",
    );
  });

  it("rejects a --since that is not a calendar day before calling AWS", async () => {
    await expect(awsReprocess(["--stage", "dev", "--since", "2026-02-30"])).rejects.toThrow(
      '--since is not a calendar date (got "2026-02-30")',
    );
    expect(stsMock.calls()).toHaveLength(0);
  });

  it("exits 1 when an object's records keep failing, and names it on stderr", async () => {
    // Prepare
    firehoseMock.on(PutRecordBatchCommand).resolves({
      FailedPutCount: 1,
      RequestResponses: [{ ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." }],
    });
    const stderr: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    vi.spyOn(Math, "random").mockReturnValue(0); // zero backoff: full jitter of 0 ms
    // Act
    const code = await awsReprocess(["--bucket", "b", "--stream", "s"]);
    // Assess
    expect(code).toBe(1);
    expect(stderr.join("")).toContain(
      `loglake: left ${KEY}: ReingestError: PutRecordBatch to s: 1 record(s) still failing after 6 attempts (ServiceUnavailableException)`,
    );
  });
});
