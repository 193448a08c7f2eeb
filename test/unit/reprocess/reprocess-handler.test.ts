/** The operator-invoked reprocess Lambda: config at cold start, event validation, stopping before the timeout. */
import { FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { buildReprocessHandler, loadReprocessConfig } from "../../../handlers/reprocess.js";

const s3Mock = mockClient(S3Client);
const firehoseMock = mockClient(FirehoseClient);
const config = { bucket: "loglake-dev-lake-123456789012-eu-west-1", streamName: "loglake-dev-log-events" };
const handler = buildReprocessHandler({
  s3: new S3Client({ region: "eu-west-1" }),
  firehose: new FirehoseClient({ region: "eu-west-1" }),
  config,
});

beforeEach(() => {
  s3Mock.reset();
  firehoseMock.reset();
  s3Mock.on(ListObjectsV2Command).resolves({
    Contents: [{ Key: "errors/processing-failed/2026/12/01/a" }, { Key: "errors/processing-failed/2026/12/02/b" }],
  });
  s3Mock.on(HeadObjectCommand).rejects(Object.assign(new Error("NotFound"), { name: "NotFound" }));
  s3Mock.on(GetObjectCommand).resolves({ Body: { transformToString: async () => "" } as never });
});

describe("reprocess handler", () => {
  it("fails the cold start naming a missing variable", () => {
    expect(() => loadReprocessConfig({ LAKE_BUCKET: "loglake-dev-lake" })).toThrow(
      "Reprocess configuration: DELIVERY_STREAM_NAME: Invalid input: expected string, received undefined",
    );
  });

  it("lists the event's prefix in the configured bucket", async () => {
    // Act
    const result = await handler({ prefix: "errors/processing-failed/2026/12/" });
    // Assess
    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toEqual({
      Bucket: "loglake-dev-lake-123456789012-eu-west-1",
      Prefix: "errors/processing-failed/2026/12/",
      ContinuationToken: undefined,
      MaxKeys: 1000,
    });
    expect(result).toMatchObject({ prefix: "errors/processing-failed/2026/12/", objects: 2, objects_reprocessed: 2 });
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
  });

  it("rejects an event whose prefix is outside errors/ or whose since is not a date", async () => {
    await expect(handler({ prefix: "raw/" })).rejects.toThrow(
      "Invalid reprocess event: prefix: must start with errors/",
    );
    await expect(handler({ since: "yesterday" })).rejects.toThrow(
      'Invalid reprocess event: since: must be a date like 2026-12-01 (got "yesterday")',
    );
  });

  it("stops before the next object when less than a minute of the invocation is left", async () => {
    // Prepare: 70 s left for the first object, 50 s for the second.
    const remaining = [70_000, 50_000];
    const context = { getRemainingTimeInMillis: () => remaining.shift() ?? 0 };
    // Act
    const result = await handler({}, context);
    // Assess
    expect(result).toMatchObject({ objects: 2, objects_reprocessed: 1, objects_left: 1, stopped_early: true });
  });
});
