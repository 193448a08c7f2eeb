/**
 * The smoke test: the session it writes, the hops it reports, its timeout, and the CLI over mocked
 * CloudWatch Logs, S3 and the Redshift Data API (response shapes from the API references).
 */
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from "@aws-sdk/client-redshift-data";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { smoke, smokeRowsQuery } from "../../../cli/smoke.js";
import { runSmoke, type SmokeProbes, smokeSession } from "../../../core/smoke/run.js";
import { captureStdout } from "../../support/output.js";

const PUT_AT = Date.UTC(2026, 11, 3, 15, 40, 0);

describe("smokeSession", () => {
  it("is a Lambda invocation with three Powertools steps tagged with the smoke id", () => {
    const events = smokeSession("smoke-1234abcd", PUT_AT);
    expect(events.map((e) => e.timestamp - PUT_AT)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(events[0]?.message).toBe("START RequestId: 1234abcd-0000-4000-8000-000000000000 Version: $LATEST\n");
    expect(JSON.parse(events[2]?.message ?? "")).toMatchObject({
      level: "INFO",
      service: "onboarding-smoke",
      onboarding_id: "smoke-1234abcd",
      onboarding_step: "identity_validation",
      timestamp: "2026-12-03T15:40:00.002Z",
    });
    expect(events[5]?.message).toMatch(/^REPORT RequestId: 1234abcd-0000-4000-8000-000000000000\tDuration: 5.00 ms/);
  });
});

/** Probes whose answers change with the fake clock. */
function probes(rowsAt: number | null, objectAt: number | null, clock: { t: number }): SmokeProbes & { puts: number } {
  return {
    puts: 0,
    async put() {
      this.puts += 1;
    },
    async firstCuratedObject() {
      return objectAt !== null && clock.t >= objectAt ? objectAt : null;
    },
    async warehouseRows() {
      return rowsAt !== null && clock.t >= rowsAt
        ? { rows: 6, firstIngestMs: PUT_AT + 2_000 }
        : { rows: 0, firstIngestMs: null };
    },
  };
}

describe("runSmoke", () => {
  it("reports each hop's latency after the put once every row is queryable", async () => {
    const clock = { t: PUT_AT };
    const p = probes(PUT_AT + 150_000, PUT_AT + 70_000, clock);
    const result = await runSmoke(p, {
      smokeId: "smoke-1",
      timeoutMs: 600_000,
      pollMs: 30_000,
      now: () => clock.t,
      sleep: async (ms) => {
        clock.t += ms;
      },
    });
    expect(result).toEqual({
      smoke_id: "smoke-1",
      events: 6,
      rows: 6,
      firehose_ms: 2_000,
      lake_ms: 70_000,
      warehouse_ms: 150_000,
      ok: true,
    });
    expect(p.puts).toBe(1);
  });

  it("gives up at the deadline with what it saw", async () => {
    const clock = { t: PUT_AT };
    const result = await runSmoke(probes(null, PUT_AT + 60_000, clock), {
      smokeId: "smoke-2",
      timeoutMs: 120_000,
      pollMs: 30_000,
      now: () => clock.t,
      sleep: async (ms) => {
        clock.t += ms;
      },
    });
    expect(result).toEqual({
      smoke_id: "smoke-2",
      events: 6,
      rows: 0,
      firehose_ms: null,
      lake_ms: 60_000,
      warehouse_ms: null,
      ok: false,
    });
    expect(clock.t - PUT_AT).toBe(120_000);
  });
});

describe("smokeRowsQuery", () => {
  it("counts the stream's rows from a minute before the put, on the sort key first", () => {
    expect(smokeRowsQuery("loglake-smoke/smoke-1", PUT_AT)).toBe(
      `SELECT COUNT(*), MIN(ingest_time) FROM "logs"."log_events" WHERE event_time >= '2026-12-03 15:39:00' AND log_stream = 'loglake-smoke/smoke-1'`,
    );
  });
});

describe("loglake smoke", () => {
  const logsMock = mockClient(CloudWatchLogsClient);
  const s3Mock = mockClient(S3Client);
  const dataMock = mockClient(RedshiftDataClient);
  const stsMock = mockClient(STSClient);
  let stdout: string[];
  beforeEach(() => {
    vi.stubEnv("AWS_REGION", "eu-west-1");
    for (const m of [logsMock, s3Mock, dataMock, stsMock]) m.reset();
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: "123456789012" });
    logsMock.on(CreateLogStreamCommand).resolves({});
    logsMock.on(PutLogEventsCommand).resolves({});
    s3Mock.on(ListObjectsV2Command).callsFake(() => ({
      Contents: [{ Key: "curated/log_events/dt=2026-12-03/hour=15/o.parquet", LastModified: new Date(Date.now() + 1) }],
    }));
    dataMock.on(ExecuteStatementCommand).resolves({ Id: "st-1" });
    dataMock.on(DescribeStatementCommand).resolves({ Id: "st-1", Status: "FINISHED", HasResultSet: true });
    dataMock.on(GetStatementResultCommand).resolves({
      Records: [[{ longValue: 6 }, { stringValue: "2026-12-03 15:40:02.5" }]],
    });
    stdout = captureStdout();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it("writes the session to the log group and finds its rows in the dev stage's provisioned cluster", async () => {
    const code = await smoke({
      values: { stage: "dev", "log-group": "/aws/lambda/onboarding-api", json: true },
      positionals: [],
    });
    expect(code).toBe(0);
    const created = logsMock.commandCalls(CreateLogStreamCommand)[0]?.args[0].input;
    expect(created?.logGroupName).toBe("/aws/lambda/onboarding-api");
    expect(created?.logStreamName).toMatch(/^loglake-smoke\/smoke-[0-9a-f-]{36}$/);
    expect(logsMock.commandCalls(PutLogEventsCommand)[0]?.args[0].input.logEvents).toHaveLength(6);
    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]?.args[0].input.Bucket).toBe(
      "loglake-dev-lake-123456789012-eu-west-1",
    );
    const query = dataMock.commandCalls(ExecuteStatementCommand)[0]?.args[0].input;
    expect(query).toMatchObject({ Database: "loglake", ClusterIdentifier: "loglake-dev-warehouse" });
    expect(query?.SecretArn).toBeUndefined();
    const out = JSON.parse(stdout.join(""));
    expect(out).toMatchObject({ stage: "dev", log_group: "/aws/lambda/onboarding-api", rows: 6, events: 6, ok: true });
  });

  it("says in one line that the log group does not exist", async () => {
    logsMock
      .on(CreateLogStreamCommand)
      .rejects(
        Object.assign(new Error("The specified log group does not exist."), { name: "ResourceNotFoundException" }),
      );
    await expect(smoke({ values: { stage: "dev", "log-group": "/aws/lambda/typo" }, positionals: [] })).rejects.toThrow(
      "log group /aws/lambda/typo does not exist in eu-west-1",
    );
  });

  it.each([
    [{}, "--stage is required (see loglake smoke --help)"],
    [{ stage: "dev", timeout: "0" }, "--timeout 0 is out of range: give a whole number from 1 to 120"],
  ])("refuses %j with one line", async (values, message) => {
    await expect(smoke({ values, positionals: [] })).rejects.toThrow(message);
    expect(logsMock.commandCalls(PutLogEventsCommand)).toHaveLength(0);
  });
});
