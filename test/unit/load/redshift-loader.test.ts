/**
 * The Data API + S3 LoadTarget (aws-sdk-client-mock): the manifest put, the ONE BatchExecuteStatement per
 * batch with its ClientToken, DescribeStatement polling, conflict and busy retries, FAILED / ABORTED /
 * deadline paths, the paged ledger lookup and the load-error query. Response shapes follow the Data API
 * reference (DescribeStatement: test/support/data-api.ts; GetStatementResult: Records of Field unions, NextToken).
 */
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from "@aws-sdk/client-redshift-data";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeEach, describe, expect, it } from "vitest";
import { redshiftLoadTarget } from "../../../core/io/redshift-loader.js";
import { DEFAULT_WAREHOUSE_NAMES } from "../../../core/load/names.js";
import { batchOf } from "../../../core/load/plan.js";
import { curatedKey, LAKE_BUCKET } from "../../fixtures/loading.js";
import { loadDescription, mockDataApi } from "../../support/data-api.js";

const { data: dataMock, s3: s3Mock } = mockDataApi();
const BATCH_ID = "b_f8d1898b18cffd70929b2d16";
const ODD_KEY = "curated/log_events/dt=2026-12-03/hour=09/it's a b+c.parquet";
const batch = batchOf([
  { bucket: LAKE_BUCKET, key: curatedKey(1), size: 1000 },
  { bucket: LAKE_BUCKET, key: ODD_KEY, size: 2000 },
]);
const URL_1 = `s3://${LAKE_BUCKET}/curated/log_events/dt=2026-12-03/hour=09/loglake-dev-log-events-1-2026-12-03-09-01-00-0a1b2c3d-1.parquet`;
const URL_2 = `s3://${LAKE_BUCKET}/curated/log_events/dt=2026-12-03/hour=09/it's a b+c.parquet`;
const COPY_ROLE = "arn:aws:iam::111122223333:role/loglake-dev-warehouse-CopyRole";
const SECRET =
  "arn:aws:secretsmanager:eu-west-1:111122223333:secret:redshift!loglake-dev-warehouse-loglake_admin-AbCdEf";

let sleeps: number[];
function target(kind: "serverless" | "provisioned" = "serverless", deadline?: number) {
  sleeps = [];
  return redshiftLoadTarget({
    data: new RedshiftDataClient({ region: "eu-west-1" }),
    s3: new S3Client({ region: "eu-west-1" }),
    connection:
      kind === "serverless"
        ? { kind, database: "loglake", workgroupName: "loglake-dev-warehouse" }
        : { kind, database: "loglake", clusterIdentifier: "loglake-dev-warehouse", secretArn: SECRET },
    names: DEFAULT_WAREHOUSE_NAMES,
    copyRoleArn: COPY_ROLE,
    manifestBucket: LAKE_BUCKET,
    manifestPrefix: "analytics/manifests/",
    invocationId: "c0ffee-0001",
    poll: { sleep: async (ms) => void sleeps.push(ms), now: () => 0, deadline },
    random: () => 0.5,
  });
}

/** A finished batch: every sub-statement FINISHED, the INSERT's row count, the COPY's duration. */
const finished = (id: string) =>
  loadDescription(id, {
    step: (i) => ({
      ResultRows: i === 3 ? 240 : i === 5 ? 1 : 0,
      Duration: i === 2 ? 1_500_000_000 : 10_000_000,
      HasResultSet: i === 5,
    }),
  });
/** A batch that failed at sub-statement `at` (0-based) with `error`; Redshift aborts the rest. */
const failedAt = (id: string, at: number, error: string) => loadDescription(id, { failAt: at, error });
const CONFLICT =
  "ERROR: 1023 DETAIL: Serializable isolation violation on table - 150364, transactions forming the cycle are: 11111, 22222 (pid:9876)";

beforeEach(() => {
  s3Mock.on(PutObjectCommand).resolves({});
  dataMock
    .on(GetStatementResultCommand, { Id: "batch-1:6" })
    .resolves({ Records: [[{ longValue: 250 }, { stringValue: "2026-12-03 09:59:58.123456" }]] });
});

describe("redshiftLoadTarget.load", () => {
  it("puts the manifest, runs ONE BatchExecuteStatement with the batch's token and reads the outcome", async () => {
    dataMock.on(BatchExecuteStatementCommand).resolves({ Id: "batch-1" });
    dataMock
      .on(DescribeStatementCommand, { Id: "batch-1" })
      .resolvesOnce({ Id: "batch-1", Status: "STARTED" })
      .resolves(finished("batch-1"));

    const outcome = await target().load(batch);

    expect(outcome).toEqual({
      kind: "loaded",
      rowsInserted: 240,
      rowsStaged: 250,
      newestEventTime: Date.UTC(2026, 11, 3, 9, 59, 58, 123),
      copySeconds: 1.5,
    });
    expect(s3Mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toEqual([
      {
        Bucket: LAKE_BUCKET,
        Key: `analytics/manifests/${BATCH_ID}.manifest`,
        Body: `{"entries":[{"url":"${URL_1}","mandatory":true,"meta":{"content_length":1000}},{"url":"${URL_2}","mandatory":true,"meta":{"content_length":2000}}]}`,
        ContentType: "application/json",
      },
    ]);
    const calls = dataMock.commandCalls(BatchExecuteStatementCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect({ ...input, Sqls: undefined }).toEqual({
      Database: "loglake",
      WorkgroupName: "loglake-dev-warehouse",
      Sqls: undefined,
      ClientToken: `${BATCH_ID}-931fd261f57a726e-1`,
      StatementName: `loglake-load-${BATCH_ID}`,
    });
    expect(input?.Sqls).toHaveLength(7);
    expect(input?.Sqls?.slice(0, 3)).toEqual([
      'LOCK "logs"."load_ledger"',
      `CREATE TEMP TABLE "stage_${BATCH_ID}" (LIKE "logs"."log_events")`,
      `COPY "stage_${BATCH_ID}" FROM 's3://${LAKE_BUCKET}/analytics/manifests/${BATCH_ID}.manifest' IAM_ROLE '${COPY_ROLE}' FORMAT AS PARQUET MANIFEST FILLRECORD`,
    ]);
    expect(input?.Sqls?.[6]).toBe(`DROP TABLE "stage_${BATCH_ID}"`);
    expect(input?.Sqls?.filter((sql) => sql.startsWith("COPY "))).toHaveLength(1);
    expect(sleeps).toEqual([250, 500]);
  });

  it("connects to a provisioned cluster with its secret", async () => {
    dataMock.on(BatchExecuteStatementCommand).resolves({ Id: "batch-1" });
    dataMock.on(DescribeStatementCommand).resolves(finished("batch-1"));
    await target("provisioned").load(batch);
    const input = dataMock.commandCalls(BatchExecuteStatementCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      Database: "loglake",
      ClusterIdentifier: "loglake-dev-warehouse",
      SecretArn: SECRET,
    });
    expect(input).not.toHaveProperty("WorkgroupName");
  });

  it("submits the transaction again with a new token after a serialization conflict", async () => {
    dataMock.on(BatchExecuteStatementCommand).resolvesOnce({ Id: "batch-0" }).resolves({ Id: "batch-1" });
    dataMock.on(DescribeStatementCommand, { Id: "batch-0" }).resolves(failedAt("batch-0", 3, CONFLICT));
    dataMock.on(DescribeStatementCommand, { Id: "batch-1" }).resolves(finished("batch-1"));
    const outcome = await target().load(batch);
    expect(outcome.kind).toBe("loaded");
    expect(dataMock.commandCalls(BatchExecuteStatementCommand).map((c) => c.args[0].input.ClientToken)).toEqual([
      `${BATCH_ID}-931fd261f57a726e-1`,
      `${BATCH_ID}-931fd261f57a726e-2`,
    ]);
    expect(sleeps).toEqual([250, 500, 250]);
  });

  it("gives up after four conflicting attempts and names the failing step", async () => {
    dataMock.on(BatchExecuteStatementCommand).resolves({ Id: "batch-0" });
    dataMock.on(DescribeStatementCommand).resolves(failedAt("batch-0", 0, "ERROR: could not obtain lock on relation"));
    await expect(target().load(batch)).rejects.toThrow(
      `load of batch ${BATCH_ID} FAILED at lockLedger: ERROR: could not obtain lock on relation`,
    );
    expect(dataMock.commandCalls(BatchExecuteStatementCommand)).toHaveLength(4);
  });

  it("waits and submits again while the Data API has too many active statements", async () => {
    const busy = Object.assign(new Error("Active statements exceeded the allowed quota."), {
      name: "ActiveStatementsExceededException",
    });
    dataMock.on(BatchExecuteStatementCommand).rejectsOnce(busy).resolves({ Id: "batch-1" });
    dataMock.on(DescribeStatementCommand).resolves(finished("batch-1"));
    expect((await target().load(batch)).kind).toBe("loaded");
    expect(sleeps).toEqual([500, 250]);
  });

  it("returns copyFailed with the COPY's error so the driver can bisect", async () => {
    dataMock.on(BatchExecuteStatementCommand).resolves({ Id: "batch-1" });
    const error = "ERROR: Spectrum Scan Error DETAIL: File has an invalid version number";
    dataMock.on(DescribeStatementCommand).resolves(failedAt("batch-1", 2, error));
    expect(await target().load(batch)).toEqual({ kind: "copyFailed", error });
  });

  it("throws for a statement that was ABORTED, and for a failure after the COPY", async () => {
    dataMock.on(BatchExecuteStatementCommand).resolves({ Id: "batch-1" });
    dataMock.on(DescribeStatementCommand).resolvesOnce({ Id: "batch-1", Status: "ABORTED", Error: "cancelled" });
    await expect(target().load(batch)).rejects.toThrow(`load of batch ${BATCH_ID} ABORTED: cancelled`);
    dataMock.on(DescribeStatementCommand).resolves(failedAt("batch-1", 3, "ERROR: disk full"));
    await expect(target().load(batch)).rejects.toThrow(
      `load of batch ${BATCH_ID} FAILED at insertNew: ERROR: disk full`,
    );
  });

  it("stops polling at the invocation's deadline and cancels the statement (its lock on the ledger goes)", async () => {
    dataMock.on(BatchExecuteStatementCommand).resolves({ Id: "batch-1" });
    dataMock.on(DescribeStatementCommand).resolves({ Id: "batch-1", Status: "STARTED" });
    dataMock.on(CancelStatementCommand).resolves({ Status: true });
    await expect(target("serverless", 1000).load(batch)).rejects.toThrow(
      "statement batch-1 still running at the invocation's deadline (cancelled)",
    );
    expect(sleeps).toEqual([250, 500, 1000]);
    expect(dataMock.commandCalls(CancelStatementCommand).map((c) => c.args[0].input)).toEqual([{ Id: "batch-1" }]);
  });
});

describe("redshiftLoadTarget.loadedUrls", () => {
  it("asks the ledger about these URLs only and reads every result page", async () => {
    dataMock.on(ExecuteStatementCommand).resolves({ Id: "lookup-1" });
    dataMock.on(DescribeStatementCommand).resolves({ Id: "lookup-1", Status: "FINISHED", HasResultSet: true });
    dataMock
      .on(GetStatementResultCommand, { Id: "lookup-1" })
      .resolvesOnce({ Records: [[{ stringValue: URL_1 }]], NextToken: "page-2" })
      .resolves({ Records: [[{ stringValue: URL_2 }]] });

    const held = await target().loadedUrls([URL_1, URL_2]);

    expect([...held]).toEqual([URL_1, URL_2]);
    expect(dataMock.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input)).toEqual([
      {
        Database: "loglake",
        WorkgroupName: "loglake-dev-warehouse",
        Sql: `SELECT DISTINCT "object_url" FROM "logs"."load_ledger" WHERE "object_url" IN ('${URL_1}', 's3://${LAKE_BUCKET}/curated/log_events/dt=2026-12-03/hour=09/it''s a b+c.parquet')`,
        StatementName: "loglake-ledger",
      },
    ]);
    expect(dataMock.commandCalls(GetStatementResultCommand).map((c) => c.args[0].input)).toEqual([
      { Id: "lookup-1", NextToken: undefined },
      { Id: "lookup-1", NextToken: "page-2" },
    ]);
  });

  it("fails when the lookup fails (nothing may be skipped on a guess)", async () => {
    dataMock.on(ExecuteStatementCommand).resolves({ Id: "lookup-1" });
    dataMock.on(DescribeStatementCommand).resolves({ Id: "lookup-1", Status: "FAILED", Error: "permission denied" });
    await expect(target().loadedUrls([URL_1])).rejects.toThrow("statement lookup-1 FAILED: permission denied");
  });
});

describe("redshiftLoadTarget.loadErrors", () => {
  it("reads SYS_LOAD_ERROR_DETAIL for the objects, newest error per object", async () => {
    dataMock.on(ExecuteStatementCommand).resolves({ Id: "errors-1" });
    dataMock.on(DescribeStatementCommand).resolves({ Id: "errors-1", Status: "FINISHED", HasResultSet: true });
    dataMock.on(GetStatementResultCommand, { Id: "errors-1" }).resolves({
      Records: [
        [
          { stringValue: `${URL_1}   ` },
          { stringValue: "http_status" },
          { longValue: 15007 },
          { stringValue: "Unsupported implicit cast " },
        ],
        [{ stringValue: URL_1 }, { isNull: true }, { longValue: 1 }, { stringValue: "older" }],
      ],
    });
    const errors = await target().loadErrors([URL_1]);
    expect([...errors]).toEqual([[URL_1, "Unsupported implicit cast (error 15007, column http_status)"]]);
    expect(dataMock.commandCalls(ExecuteStatementCommand)[0]?.args[0].input.Sql).toBe(
      `SELECT "file_name", "column_name", "error_code", "error_message" FROM sys_load_error_detail WHERE "file_name" IN ('${URL_1}') ORDER BY "start_time" DESC LIMIT 100`,
    );
  });
});
