/**
 * The loader handler end to end over mocked AWS clients: SQS event → ledger lookup → S3 manifest → ONE
 * BatchExecuteStatement per batch → `batchItemFailures`, plus the EMF and log lines it prints. The fake
 * Data API below answers like a warehouse whose COPY fails for any manifest naming a poison object.
 * SQS, S3 and EventBridge bodies: test/fixtures/loading.ts (sources noted there).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from "@aws-sdk/client-redshift-data";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildLoaderHandler } from "../../handlers/loader/build.js";
import { loadLoaderConfig } from "../../handlers/loader/config.js";
import {
  curatedKey,
  eventBridgeObjectCreatedBody,
  LAKE_BUCKET,
  S3_TEST_EVENT_BODY,
  s3NotificationBody,
  s3NotificationRecord,
  sqsEvent,
  sqsRecord,
} from "../fixtures/loading.js";
import { LOADER_ENV as ENV, loadDescription, mockDataApi } from "../support/data-api.js";
import { captureOutput } from "../support/output.js";

type Line = Record<string, unknown> & { _aws?: { CloudWatchMetrics: { Namespace: string }[] } };

const { data: dataMock, s3: s3Mock } = mockDataApi();
const NOW = Date.UTC(2026, 11, 3, 10, 0, 0);
const context = { awsRequestId: "c0ffee-0001", getRemainingTimeInMillis: () => 300_000 };
const url = (key: string) => `s3://${LAKE_BUCKET}/${key}`;
let output: ReturnType<typeof captureOutput>;

/** A warehouse: `ledger` holds these URLs; a COPY of a manifest naming a `poison` URL fails. */
function fakeWarehouse(options: { ledger?: string[]; poison?: string[] } = {}) {
  const manifests = new Map<string, string[]>();
  const batches: string[][] = [];
  s3Mock.on(PutObjectCommand).callsFake((input) => {
    const entries = JSON.parse(String(input.Body)).entries as { url: string }[];
    manifests.set(
      `s3://${input.Bucket}/${input.Key}`,
      entries.map((e) => e.url),
    );
    return {};
  });
  dataMock.on(ExecuteStatementCommand).callsFake((input) => ({
    Id: String(input.Sql).includes("sys_load_error_detail") ? "errors" : "lookup",
  }));
  dataMock.on(BatchExecuteStatementCommand).callsFake((input) => {
    const manifest = /FROM '([^']+)'/.exec(input.Sqls[2])?.[1] ?? "";
    const urls = manifests.get(manifest) ?? [];
    batches.push(urls);
    const failing = urls.some((u) => options.poison?.includes(u));
    return { Id: `${failing ? "fail" : "ok"}-${batches.length}-${urls.length}` };
  });
  dataMock.on(DescribeStatementCommand).callsFake(({ Id }: { Id: string }) => {
    if (!Id.startsWith("ok") && !Id.startsWith("fail")) return { Id, Status: "FINISHED", HasResultSet: true };
    const objects = Number(Id.split("-")[2]);
    // A poisoned batch fails at its COPY (step 2).
    return loadDescription(Id, {
      ...(Id.startsWith("fail") ? { failAt: 2, error: "ERROR: Spectrum Scan Error" } : {}),
      step: (i) => ({ ResultRows: i === 3 ? 10 * objects : 0, Duration: i === 2 ? 2_000_000_000 : 1_000_000 }),
    });
  });
  dataMock.on(GetStatementResultCommand).callsFake(({ Id }: { Id: string }) => {
    if (Id === "lookup") return { Records: (options.ledger ?? []).map((u) => [{ stringValue: u }]) };
    if (Id === "errors") {
      const rows = (options.poison ?? []).map((u) => [u, "http_status", 15007, "incompatible Parquet schema"]);
      return {
        Records: rows.map(([f, c, n, m]) => [
          { stringValue: f },
          { stringValue: c },
          { longValue: n },
          { stringValue: m },
        ]),
      };
    }
    const objects = Number(Id.split("-")[2]?.split(":")[0]);
    return { Records: [[{ longValue: 12 * objects }, { stringValue: "2026-12-03 09:58:00" }]] };
  });
  return { batches };
}

function handler() {
  return buildLoaderHandler({
    data: new RedshiftDataClient({ region: "eu-west-1" }),
    s3: new S3Client({ region: "eu-west-1" }),
    config: loadLoaderConfig(ENV),
    logger: new Logger({ serviceName: "loader" }),
    metrics: new Metrics({ namespace: "OnboardingLogLake", serviceName: "loader" }),
    now: () => NOW,
    poll: { sleep: async () => {} },
    random: () => 0,
  });
}

beforeEach(() => {
  output = captureOutput();
});
afterEach(() => output.restore());

const emf = () => (output.lines() as Line[]).filter((l) => l._aws !== undefined);
const logs = () => (output.lines() as Line[]).filter((l) => l._aws === undefined);

describe("loader handler", () => {
  it("loads both body shapes with ONE COPY, skips duplicates and test events, fails a bad body", async () => {
    const { batches } = fakeWarehouse();
    const oddKey = "curated/log_events/dt=2026-12-03/hour=09/a b+c=d é.parquet";
    const event = sqsEvent(
      sqsRecord(
        "m1",
        s3NotificationBody(
          s3NotificationRecord("curated/log_events/dt=2026-12-03/hour=09/a+b%2Bc%3Dd+%C3%A9.parquet", 700),
        ),
      ),
      sqsRecord("m2", eventBridgeObjectCreatedBody(curatedKey(2), 900)),
      sqsRecord("m3", eventBridgeObjectCreatedBody(curatedKey(2), 900)),
      sqsRecord("m4", S3_TEST_EVENT_BODY),
      sqsRecord("m5", '{"hello":"world"}'),
    );

    const response = await handler()(event, context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m5" }] });
    expect(batches).toEqual([[url(oddKey), url(curatedKey(2))]]);
    expect(dataMock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(1);
    const metrics = emf();
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({
      service: "loader",
      ObjectsLoaded: 2,
      RowsLoaded: 20,
      ObjectsSkipped: 1,
      CopySeconds: 2,
      BatchesFailed: 0,
      LoadLagSeconds: 120,
    });
    expect(metrics[0]?._aws?.CloudWatchMetrics[0]?.Namespace).toBe("OnboardingLogLake");
    expect(logs()).toHaveLength(1);
    expect(logs()[0]).toMatchObject({
      level: "ERROR",
      message: "load batch: messages not loaded",
      failures: [
        {
          messageId: "m5",
          reason: "neither an S3 event notification (Records) nor an EventBridge event (detail-type)",
        },
      ],
    });
  });

  it("isolates a poison object: its batch-mates load, only its message fails, with the load error", async () => {
    const poison = url(curatedKey(2));
    const { batches } = fakeWarehouse({ poison: [poison] });
    const event = sqsEvent(
      ...[1, 2, 3].map((n) => sqsRecord(`m${n}`, eventBridgeObjectCreatedBody(curatedKey(n), 100))),
    );

    const response = await handler()(event, context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m2" }] });
    expect(batches.map((b) => b.length)).toEqual([3, 2, 1, 1, 1]);
    expect(emf()[0]).toMatchObject({ ObjectsLoaded: 2, RowsLoaded: 20, BatchesFailed: 3, CopySeconds: 4 });
    expect(logs()[0]).toMatchObject({
      level: "ERROR",
      poison: [
        {
          url: poison,
          reason: `COPY failed for ${poison}: incompatible Parquet schema (error 15007, column http_status)`,
        },
      ],
    });
  });

  it("acknowledges objects the ledger holds without loading them, and reports no lag", async () => {
    fakeWarehouse({ ledger: [url(curatedKey(1))] });
    const response = await handler()(
      sqsEvent(sqsRecord("m1", eventBridgeObjectCreatedBody(curatedKey(1), 100))),
      context,
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(dataMock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    const [line] = emf();
    expect(line).toMatchObject({ ObjectsLoaded: 0, ObjectsSkipped: 1, BatchesFailed: 0 });
    expect(line).not.toHaveProperty("LoadLagSeconds");
    expect(logs()[0]).toMatchObject({ level: "INFO", message: "load batch", objectsSkipped: 1 });
  });

  it("fails every message when the ledger cannot be read (nothing acknowledged unloaded)", async () => {
    fakeWarehouse();
    dataMock.on(DescribeStatementCommand).resolves({ Id: "lookup", Status: "FAILED", Error: "permission denied" });
    const event = sqsEvent(
      sqsRecord("m1", eventBridgeObjectCreatedBody(curatedKey(1), 100)),
      sqsRecord("m2", eventBridgeObjectCreatedBody(curatedKey(2), 100)),
    );
    const response = await handler()(event, context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m1" }, { itemIdentifier: "m2" }]);
    expect(emf()[0]).toMatchObject({ ObjectsLoaded: 0, RowsLoaded: 0 });
  });
});

describe("loadLoaderConfig", () => {
  it("reads a Serverless target with the default schema and table", () => {
    expect(loadLoaderConfig(ENV)).toEqual({
      connection: { kind: "serverless", database: "loglake", workgroupName: "loglake-dev-warehouse" },
      names: { schema: "logs", table: "log_events", ledger: "load_ledger", biSchema: "bi" },
      copyRoleArn: "arn:aws:iam::111122223333:role/loglake-dev-copy",
      manifestBucket: LAKE_BUCKET,
      manifestPrefix: "analytics/manifests/",
      limits: { maxObjects: 2000, maxBytes: 17_179_869_184 },
      maxLoads: 20,
    });
  });

  it("reads a provisioned target with its secret", () => {
    const { WAREHOUSE_WORKGROUP: _, ...rest } = ENV;
    const secret = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:loader-AbCdEf";
    const config = loadLoaderConfig({
      ...rest,
      WAREHOUSE_CLUSTER_ID: "loglake-dev-warehouse",
      WAREHOUSE_SECRET_ARN: secret,
    });
    expect(config.connection).toEqual({
      kind: "provisioned",
      database: "loglake",
      clusterIdentifier: "loglake-dev-warehouse",
      secretArn: secret,
    });
  });

  it.each([
    [{ WAREHOUSE_DATABASE: undefined }, "Loader configuration: WAREHOUSE_DATABASE: required"],
    [{ COPY_ROLE_ARN: "copy" }, "Loader configuration: COPY_ROLE_ARN: must be an IAM role ARN"],
    [{ MANIFEST_BUCKET: undefined }, "Loader configuration: MANIFEST_BUCKET: required"],
    [
      { MANIFEST_PREFIX: "analytics/manifests" },
      "Loader configuration: MANIFEST_PREFIX: must be a key prefix ending in / (e.g. analytics/manifests/)",
    ],
    [{ TARGET_TABLE: "Log-Events" }, "Loader configuration: TARGET_TABLE: must be a lowercase Redshift identifier"],
    [
      { WAREHOUSE_WORKGROUP: undefined },
      "Loader configuration: set WAREHOUSE_WORKGROUP (Serverless) or WAREHOUSE_CLUSTER_ID with WAREHOUSE_SECRET_ARN (provisioned)",
    ],
    [
      { WAREHOUSE_WORKGROUP: undefined, WAREHOUSE_CLUSTER_ID: "c" },
      "Loader configuration: WAREHOUSE_SECRET_ARN: required with WAREHOUSE_CLUSTER_ID",
    ],
    [{ WAREHOUSE_CLUSTER_ID: "c" }, "Loader configuration: set WAREHOUSE_WORKGROUP or WAREHOUSE_CLUSTER_ID, not both"],
  ])("names the variable: %o", (change, message) => {
    expect(() => loadLoaderConfig({ ...ENV, ...change })).toThrow(message);
  });
});
