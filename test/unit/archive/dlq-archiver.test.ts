/** The DLQ archiver handler over mocked S3 and SNS: persistence, idempotence, partial failures, cold start. */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildArchiverHandler } from "../../../handlers/dlq-archiver/build.js";
import { loadArchiverConfig } from "../../../handlers/dlq-archiver/config.js";
import { ASYNC_LAMBDA_RECORD, PLAIN_RECORD, REDRIVEN_RECORD, sqsEvent } from "../../fixtures/sqs.js";
import { captureOutput } from "../../support/output.js";

const s3Mock = mockClient(S3Client);
const snsMock = mockClient(SNSClient);
const BUCKET = "loglake-dev-lake-123456789012-eu-west-1";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:loglake-dev-alarms";
const NOW = Date.UTC(2026, 11, 3, 14, 5, 9, 120);
const config = loadArchiverConfig({ ARCHIVE_BUCKET: BUCKET, ALERT_TOPIC_ARN: TOPIC });
let output: ReturnType<typeof captureOutput> | undefined;

const handler = (withObservability = false) =>
  buildArchiverHandler({
    s3: new S3Client({ region: "eu-west-1" }),
    sns: new SNSClient({ region: "eu-west-1" }),
    config,
    now: () => NOW,
    ...(withObservability
      ? {
          logger: new Logger({ serviceName: "dlq-archiver" }),
          metrics: new Metrics({ namespace: "OnboardingLogLake", serviceName: "dlq-archiver" }),
        }
      : {}),
  });

beforeEach(() => {
  s3Mock.reset();
  snsMock.reset();
  s3Mock.on(PutObjectCommand).resolves({});
  snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
});
afterEach(() => output?.restore());

const putKeys = () => s3Mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);

describe("DLQ archiver configuration", () => {
  it("defaults the prefix to analytics/pipeline_failures/", () => {
    expect(config).toEqual({
      bucket: "loglake-dev-lake-123456789012-eu-west-1",
      prefix: "analytics/pipeline_failures/",
      topicArn: "arn:aws:sns:eu-west-1:123456789012:loglake-dev-alarms",
    });
  });

  it("fails the cold start naming a missing or bad variable", () => {
    expect(() => loadArchiverConfig({ ARCHIVE_BUCKET: BUCKET })).toThrow(
      "DLQ archiver configuration: ALERT_TOPIC_ARN: Invalid input: expected string, received undefined",
    );
    expect(() => loadArchiverConfig({ ARCHIVE_BUCKET: BUCKET, ALERT_TOPIC_ARN: TOPIC, ARCHIVE_PREFIX: "x" })).toThrow(
      "DLQ archiver configuration: ARCHIVE_PREFIX: must end with / and not start with /",
    );
  });
});

describe("DLQ archiver", () => {
  it("writes each message as one JSON line under its own key and publishes one summary", async () => {
    // Act
    const response = await handler()(sqsEvent(REDRIVEN_RECORD, ASYNC_LAMBDA_RECORD));
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const puts = s3Mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => [p.Bucket, p.Key, p.ContentType])).toEqual([
      [
        "loglake-dev-lake-123456789012-eu-west-1",
        "analytics/pipeline_failures/dt=2026-12-02/loglake-dev-load-dlq.2e1424d4-f796-459a-8184-9c92662be6da.json",
        "application/x-ndjson",
      ],
      [
        "loglake-dev-lake-123456789012-eu-west-1",
        "analytics/pipeline_failures/dt=2026-12-03/loglake-dev-reprocess-dlq.a5c8f3e1-3b0b-4c52-9a52-3f5d1d7c2b10.json",
        "application/x-ndjson",
      ],
    ]);
    expect(JSON.parse(String(puts[1]?.Body))).toEqual({
      queue: "loglake-dev-reprocess-dlq",
      message_id: "a5c8f3e1-3b0b-4c52-9a52-3f5d1d7c2b10",
      source_queue_arn: null,
      sent_time: "2026-12-03 14:00:00.000",
      first_receive_time: "2026-12-03 14:00:00.500",
      last_receive_time: "2026-12-03 14:05:09.120",
      receive_count: 1,
      error: "200: Task timed out after 900.00 seconds",
      body: '{"prefix":"errors/processing-failed/"}',
    });
    const publishes = snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(publishes).toHaveLength(1);
    expect(publishes[0]?.TopicArn).toBe("arn:aws:sns:eu-west-1:123456789012:loglake-dev-alarms");
    expect(publishes[0]?.Subject).toBe("[loglake] 2 dead letters from loglake-dev-load-dlq, loglake-dev-reprocess-dlq");
  });

  it("writes the same keys when the same messages are delivered again (no duplicate rows)", async () => {
    // Act
    await handler()(sqsEvent(REDRIVEN_RECORD, PLAIN_RECORD));
    const first = putKeys();
    await handler()(sqsEvent(PLAIN_RECORD, REDRIVEN_RECORD));
    // Assess
    expect(new Set(putKeys())).toEqual(new Set(first));
    expect(new Set(putKeys()).size).toBe(2);
  });

  it("reports only the messages it could not persist, and still sends the summary", async () => {
    // Prepare: the second message's put is refused.
    s3Mock
      .on(PutObjectCommand, {
        Key: "analytics/pipeline_failures/dt=2026-12-02/loglake-dev-load-dlq.2e1424d4-f796-459a-8184-9c92662be6da.json",
      })
      .rejects(Object.assign(new Error("Access Denied"), { name: "AccessDenied" }));
    // Act
    const response = await handler()(sqsEvent(PLAIN_RECORD, REDRIVEN_RECORD));
    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "2e1424d4-f796-459a-8184-9c92662be6da" }] });
    const publish = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(publish?.Subject).toBe("[loglake] 2 dead letters from loglake-dev-load-dlq (1 not archived)");
    expect(publish?.Message).toContain("NOT ARCHIVED (AccessDenied: Access Denied); it stays in the queue");
  });

  it("keeps the batch archived when the summary cannot be published, and says so in logs and metrics", async () => {
    // Prepare
    snsMock.on(PublishCommand).rejects(Object.assign(new Error("throttled"), { name: "ThrottledException" }));
    output = captureOutput();
    // Act
    const response = await handler(true)(sqsEvent(PLAIN_RECORD));
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const lines = output.lines() as Record<string, unknown>[];
    expect(lines.find((l) => l.message === "archive summary not published")).toMatchObject({
      level: "ERROR",
      service: "dlq-archiver",
      topicArn: "arn:aws:sns:eu-west-1:123456789012:loglake-dev-alarms",
    });
    expect(lines.find((l) => "_aws" in l)).toMatchObject({
      service: "dlq-archiver",
      DeadLettersArchived: 1,
      DeadLettersNotArchived: 0,
      SummariesFailed: 1,
    });
  });

  it("sends nothing for an empty batch and refuses an event that is not SQS", async () => {
    expect(await handler()(sqsEvent())).toEqual({ batchItemFailures: [] });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
    await expect(handler()({ records: [] })).rejects.toThrow(
      "Not an SQS event: Records: Invalid input: expected array, received undefined",
    );
  });
});
