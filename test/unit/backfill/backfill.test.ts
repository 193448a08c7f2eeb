/**
 * Backfill against mocked CloudWatch Logs and Firehose. FilterLogEvents pages follow the API reference
 * (events: logStreamName, timestamp, message, ingestionTime, eventId; nextToken while more remain); the
 * records it puts must read exactly like a subscription filter's DATA_MESSAGE (SubscriptionFilters docs).
 */
import { gunzipSync } from "node:zlib";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { awsBackfill, parseInstant } from "../../../cli/backfill.js";
import { backfill } from "../../../core/backfill/run.js";
import { filterLogEventsReader } from "../../../core/io/filter-log-events.js";
import { captureStdout } from "../../support/output.js";

const logsMock = mockClient(CloudWatchLogsClient);
const firehoseMock = mockClient(FirehoseClient);
const stsMock = mockClient(STSClient);
const logs = new CloudWatchLogsClient({ region: "eu-west-1" });
const firehose = new FirehoseClient({ region: "eu-west-1" });

const GROUP = "/aws/lambda/onboarding-submit-application";
const STREAM_A = "2026/11/01/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const STREAM_B = "2026/11/01/[$LATEST]ffeeddccbbaa99887766554433221100";
const ID = (n: number) => `3791846263591235318843947289748553548385245286520${String(n).padStart(7, "0")}`;
const event = (n: number, stream: string, message: string) => ({
  logStreamName: stream,
  timestamp: 1_793_527_200_000 + n,
  message,
  ingestionTime: 1_793_527_200_500 + n,
  eventId: ID(n),
});
const START = Date.UTC(2026, 10, 1);
const END = Date.UTC(2026, 10, 2);
const fastRetry = { sleep: async () => undefined, random: () => 0 };

/** The DATA_MESSAGE payloads that reached PutRecordBatch, decoded. */
function putPayloads() {
  return firehoseMock
    .commandCalls(PutRecordBatchCommand)
    .flatMap((c) => c.args[0].input.Records ?? [])
    .map((r) => JSON.parse(gunzipSync(r.Data as Uint8Array).toString()));
}

const options = {
  owner: "123456789012",
  logGroup: GROUP,
  filterName: "loglake-backfill",
  streamName: "loglake-dev-log-events",
  startMs: START,
  endMs: END,
  put: fastRetry,
};

beforeEach(() => {
  for (const m of [logsMock, firehoseMock, stsMock]) m.reset();
  firehoseMock.on(PutRecordBatchCommand).callsFake((input: { Records: unknown[] }) => ({
    FailedPutCount: 0,
    RequestResponses: input.Records.map((_, i) => ({ RecordId: String(i) })),
  }));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("backfill", () => {
  it("follows nextToken and puts one subscription-shaped DATA_MESSAGE per log stream and page", async () => {
    // Prepare: page 1 holds two streams, page 2 one (and says no more).
    logsMock
      .on(FilterLogEventsCommand, { nextToken: undefined })
      .resolves({
        events: [event(1, STREAM_A, "START RequestId: a\n"), event(2, STREAM_B, "b\n"), event(3, STREAM_A, "c\n")],
        nextToken: "page-2",
      })
      .on(FilterLogEventsCommand, { nextToken: "page-2" })
      .resolves({ events: [event(4, STREAM_B, "d\n")] });
    // Act
    const result = await backfill(filterLogEventsReader(logs, GROUP, fastRetry), firehose, options);
    // Assess
    expect(result).toEqual({ pages: 2, events: 4, records: 3, streams: 2, last_event_ms: 1_793_527_200_004 });
    expect(logsMock.commandCalls(FilterLogEventsCommand).map((c) => c.args[0].input)).toEqual([
      { logGroupName: GROUP, startTime: START, endTime: END - 1, limit: 10_000 },
      { logGroupName: GROUP, startTime: START, endTime: END - 1, limit: 10_000, nextToken: "page-2" },
    ]);
    expect(putPayloads()).toEqual([
      {
        messageType: "DATA_MESSAGE",
        owner: "123456789012",
        logGroup: GROUP,
        logStream: STREAM_A,
        subscriptionFilters: ["loglake-backfill"],
        logEvents: [
          { id: ID(1), timestamp: 1_793_527_200_001, message: "START RequestId: a\n" },
          { id: ID(3), timestamp: 1_793_527_200_003, message: "c\n" },
        ],
      },
      {
        messageType: "DATA_MESSAGE",
        owner: "123456789012",
        logGroup: GROUP,
        logStream: STREAM_B,
        subscriptionFilters: ["loglake-backfill"],
        logEvents: [{ id: ID(2), timestamp: 1_793_527_200_002, message: "b\n" }],
      },
      {
        messageType: "DATA_MESSAGE",
        owner: "123456789012",
        logGroup: GROUP,
        logStream: STREAM_B,
        subscriptionFilters: ["loglake-backfill"],
        logEvents: [{ id: ID(4), timestamp: 1_793_527_200_004, message: "d\n" }],
      },
    ]);
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)[0]?.args[0].input.DeliveryStreamName).toBe(
      "loglake-dev-log-events",
    );
  });

  it("waits out throttling of FilterLogEvents and then reads the page", async () => {
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    const delays: number[] = [];
    logsMock
      .on(FilterLogEventsCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({ events: [event(1, STREAM_A, "a\n")] });
    const reader = filterLogEventsReader(logs, GROUP, {
      baseDelayMs: 100,
      random: () => 0.5,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const result = await backfill(reader, firehose, options);
    expect(result.events).toBe(1);
    expect(delays).toEqual([50, 100]);
    expect(logsMock.commandCalls(FilterLogEventsCommand)).toHaveLength(3);
  });

  it("gives up on throttling after the attempts, and on other errors at once", async () => {
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    logsMock.on(FilterLogEventsCommand).rejects(throttled);
    const reader = filterLogEventsReader(logs, GROUP, { ...fastRetry, maxAttempts: 3 });
    await expect(backfill(reader, firehose, options)).rejects.toThrow("Rate exceeded");
    expect(logsMock.commandCalls(FilterLogEventsCommand)).toHaveLength(3);

    logsMock.reset();
    const missing = Object.assign(new Error("The specified log group does not exist."), {
      name: "ResourceNotFoundException",
    });
    logsMock.on(FilterLogEventsCommand).rejects(missing);
    await expect(backfill(filterLogEventsReader(logs, GROUP, fastRetry), firehose, options)).rejects.toThrow(
      "The specified log group does not exist.",
    );
    expect(logsMock.commandCalls(FilterLogEventsCommand)).toHaveLength(1);
  });

  it("re-puts only the entries PutRecordBatch failed", async () => {
    logsMock.on(FilterLogEventsCommand).resolves({ events: [event(1, STREAM_A, "a\n"), event(2, STREAM_B, "b\n")] });
    firehoseMock
      .on(PutRecordBatchCommand)
      .resolvesOnce({
        FailedPutCount: 1,
        RequestResponses: [{ RecordId: "1" }, { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." }],
      })
      .resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: "2" }] });
    await backfill(filterLogEventsReader(logs, GROUP, fastRetry), firehose, options);
    const calls = firehoseMock.commandCalls(PutRecordBatchCommand);
    expect(calls.map((c) => c.args[0].input.Records?.length)).toEqual([2, 1]);
    expect(putPayloads().map((p) => p.logStream)).toEqual([STREAM_A, STREAM_B, STREAM_B]);
  });

  it("reads but puts nothing on a dry run, and skips events without an id", async () => {
    logsMock.on(FilterLogEventsCommand).resolves({
      events: [event(1, STREAM_A, "a\n"), { logStreamName: STREAM_A, timestamp: 1, message: "no id" }],
    });
    const result = await backfill(filterLogEventsReader(logs, GROUP, fastRetry), firehose, {
      ...options,
      dryRun: true,
    });
    expect(result).toEqual({ pages: 1, events: 1, records: 1, streams: 1, last_event_ms: 1_793_527_200_001 });
    expect(firehoseMock.commandCalls(PutRecordBatchCommand)).toHaveLength(0);
  });
});

describe("loglake backfill", () => {
  let stdout: string[];
  beforeEach(() => {
    vi.stubEnv("AWS_REGION", "eu-west-1");
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: "123456789012" });
    firehoseMock.on(DescribeDeliveryStreamCommand).resolves({});
    stdout = captureStdout();
  });
  const run = (values: Record<string, string | boolean>) => awsBackfill({ values, positionals: [] });

  it("takes the dev stage's stream and prints one summary line", async () => {
    logsMock.on(FilterLogEventsCommand).resolves({ events: [event(1, STREAM_A, "a\n"), event(2, STREAM_A, "b\n")] });
    const code = await run({ "log-group": GROUP, start: "2026-11-01", end: "2026-11-02T00:00:00Z", stage: "dev" });
    expect(code).toBe(0);
    expect(firehoseMock.commandCalls(DescribeDeliveryStreamCommand)[0]?.args[0].input).toEqual({
      DeliveryStreamName: "loglake-dev-log-events",
    });
    expect(stdout.join("")).toBe(
      `backfill ${GROUP} → loglake-dev-log-events: 2 log events from 1 log stream in 1 page; put 1 records\n`,
    );
  });

  it("says in one line that the log group does not exist", async () => {
    logsMock
      .on(FilterLogEventsCommand)
      .rejects(
        Object.assign(new Error("The specified log group does not exist."), { name: "ResourceNotFoundException" }),
      );
    await expect(
      run({ "log-group": "/aws/lambda/typo", start: "2026-11-01", end: "2026-11-02", stream: "s" }),
    ).rejects.toThrow("log group /aws/lambda/typo does not exist in eu-west-1");
  });

  it("says in one line that the delivery stream does not exist", async () => {
    firehoseMock
      .on(DescribeDeliveryStreamCommand)
      .rejects(Object.assign(new Error("not found"), { name: "ResourceNotFoundException" }));
    await expect(run({ "log-group": GROUP, start: "2026-11-01", end: "2026-11-02", stream: "nope" })).rejects.toThrow(
      "delivery stream nope does not exist in eu-west-1",
    );
  });

  it.each([
    [{ start: "2026-11-01", end: "2026-11-02", stream: "s" }, "--log-group is required (see loglake backfill --help)"],
    [{ "log-group": GROUP, end: "2026-11-02", stream: "s" }, "--start is required (YYYY-MM-DD or an ISO time)"],
    [{ "log-group": GROUP, start: "2026-11-02", end: "2026-11-01", stream: "s" }, "--end must be later than --start"],
    [
      { "log-group": GROUP, start: "2026-11-01", end: "2026-11-02" },
      "pass --stream NAME or --stage S (see loglake backfill --help)",
    ],
    [
      { "log-group": GROUP, start: "2026-11-01", end: "2026-11-02", stream: "s", stage: "dev" },
      "pass --stage or --stream, not both",
    ],
  ])("refuses %j with one line", async (values, message) => {
    await expect(run(values)).rejects.toThrow(message);
    expect(logsMock.commandCalls(FilterLogEventsCommand)).toHaveLength(0);
  });
});

describe("parseInstant", () => {
  it("reads a UTC day as its midnight and an ISO time with a zone", () => {
    expect(parseInstant("start", "2026-11-01")).toBe(1_793_491_200_000);
    expect(parseInstant("start", "2026-11-01T10:00:00Z")).toBe(1_793_527_200_000);
    expect(parseInstant("start", "2026-11-01T07:00:00-03:00")).toBe(1_793_527_200_000);
  });

  it.each(["2026-11-01T10:00", "yesterday", "2026-13-01", "1761991200000"])("refuses %s", (value) => {
    expect(() => parseInstant("end", value)).toThrow(
      `--end must be a UTC day (YYYY-MM-DD) or an ISO 8601 time with Z or an offset, got "${value}"`,
    );
  });
});
