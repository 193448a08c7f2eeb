/** The Redshift load transaction as named steps, the ledger lookup, Redshift literals, and the same rows as DuckDB. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { duckdbSetupStatements } from "../../../core/load/duckdb-ddl.js";
import { DEFAULT_WAREHOUSE_NAMES } from "../../../core/load/names.js";
import { batchOf } from "../../../core/load/plan.js";
import { redshiftLiteral } from "../../../core/load/quote.js";
import {
  isConflictError,
  ledgerLookupQueries,
  loadErrorQuery,
  redshiftLoadSteps,
  stepIndex,
} from "../../../core/load/redshift.js";
import { duckdbLoadSteps, inTransaction } from "../../../core/load/sql.js";

const OPTIONS = {
  names: DEFAULT_WAREHOUSE_NAMES,
  manifestUrl: "s3://lake/analytics/manifests/b_1.manifest",
  iamRoleArn: "arn:aws:iam::111122223333:role/copy",
};
const batch = batchOf([
  { bucket: "lake", key: "curated/log_events/dt=2026-12-03/hour=09/a.parquet", size: 10 },
  { bucket: "lake", key: "curated/log_events/dt=2026-12-03/hour=09/it's \\ b.parquet", size: 20 },
]);
const stage = `"stage_${batch.batchId}"`;

describe("redshiftLiteral", () => {
  it("doubles quotes and backslashes (Redshift reads a backslash as an escape)", () => {
    expect(redshiftLiteral("it's")).toBe("'it''s'");
    expect(redshiftLiteral("a\\b")).toBe("'a\\\\b'");
    expect(() => redshiftLiteral("a\u0000")).toThrow(/NUL/);
  });
});

describe("redshiftLoadSteps", () => {
  const steps = redshiftLoadSteps(batch, OPTIONS);

  it("locks the ledger first, stages LIKE the target, COPYs the manifest once and drops the stage last", () => {
    expect(steps.map((s) => s.name)).toEqual([
      "lockLedger",
      "createStage",
      "copy",
      "insertNew",
      "ledgerRows",
      "summary",
      "dropStage",
    ]);
    expect(steps[0]?.sql).toBe('LOCK "logs"."load_ledger"');
    expect(steps[1]?.sql).toBe(`CREATE TEMP TABLE ${stage} (LIKE "logs"."log_events")`);
    expect(steps.filter((s) => s.sql.startsWith("COPY "))).toEqual([
      {
        name: "copy",
        sql: `COPY ${stage} FROM 's3://lake/analytics/manifests/b_1.manifest' IAM_ROLE 'arn:aws:iam::111122223333:role/copy' FORMAT AS PARQUET MANIFEST FILLRECORD`,
      },
    ]);
    expect(steps[6]?.sql).toBe(`DROP TABLE ${stage}`);
    expect(stepIndex(steps, "summary")).toBe(5);
  });

  it("inserts new event_ids only, ranking on key columns and reading the target inside the batch's event_time range", () => {
    const sql = steps[3]?.sql ?? "";
    expect(sql).toContain(
      `ROW_NUMBER() OVER (PARTITION BY "event_id" ORDER BY "ingest_time", "event_time") AS "rn" FROM ${stage}`,
    );
    expect(sql).toContain(
      `LEFT JOIN (SELECT t."event_id" FROM "logs"."log_events" AS t WHERE t."event_time" BETWEEN (SELECT MIN("event_time") FROM ${stage}) AND (SELECT MAX("event_time") FROM ${stage})) AS h ON h."event_id" = s."event_id" WHERE s."rn" = 1 AND h."event_id" IS NULL ORDER BY s."event_time"`,
    );
    expect(sql.startsWith('INSERT INTO "logs"."log_events" ("event_id", "event_time", "ingest_time",')).toBe(true);
  });

  it("writes one ledger row per object with Redshift-quoted URLs", () => {
    const sql = steps[4]?.sql ?? "";
    expect(sql).toContain(
      `SELECT '${batch.batchId}' AS "batch_id", 's3://lake/curated/log_events/dt=2026-12-03/hour=09/a.parquet' AS "object_url", CAST(10 AS BIGINT) AS "content_length" UNION ALL SELECT '${batch.batchId}' AS "batch_id", 's3://lake/curated/log_events/dt=2026-12-03/hour=09/it''s \\\\ b.parquet' AS "object_url"`,
    );
    expect(sql).toContain("GETDATE() FROM (SELECT");
  });

  it("splits the ledger rows of a large batch over several statements, each under the Data API's 100 KB", () => {
    const big = batchOf(
      Array.from({ length: 800 }, (_, i) => ({
        bucket: "lake",
        key: `curated/log_events/dt=2026-12-03/hour=09/loglake-dev-log-events-1-2026-12-03-09-00-00-${i}.parquet`,
        size: 1,
      })),
    );
    const bigSteps = redshiftLoadSteps(big, OPTIONS);
    const ledger = bigSteps.filter((s) => s.name === "ledgerRows");
    expect(ledger.length).toBeGreaterThan(1);
    for (const s of bigSteps) expect(Buffer.byteLength(s.sql)).toBeLessThan(100_000);
    expect(ledger.map((s) => s.sql.split(" UNION ALL ").length).reduce((a, b) => a + b)).toBe(800);
  });
});

describe("ledger and error lookups", () => {
  it("asks the ledger about the batch's URLs only", () => {
    expect(ledgerLookupQueries(DEFAULT_WAREHOUSE_NAMES, ["s3://lake/a", "s3://lake/b'c"])).toEqual([
      `SELECT DISTINCT "object_url" FROM "logs"."load_ledger" WHERE "object_url" IN ('s3://lake/a', 's3://lake/b''c')`,
    ]);
  });

  it("reads the load errors of the isolated objects from SYS_LOAD_ERROR_DETAIL", () => {
    expect(loadErrorQuery(["s3://lake/x"])).toBe(
      `SELECT "file_name", "column_name", "error_code", "error_message" FROM sys_load_error_detail WHERE "file_name" IN ('s3://lake/x') ORDER BY "start_time" DESC LIMIT 100`,
    );
  });

  it("recognises serialization and lock conflicts, not load errors", () => {
    expect(isConflictError("ERROR: 1023 DETAIL: Serializable isolation violation on table - 123456")).toBe(true);
    expect(isConflictError("ERROR: deadlock detected")).toBe(true);
    expect(isConflictError("Spectrum Scan Error: File 's3://lake/x' has an incompatible Parquet schema")).toBe(false);
  });
});

describe("the Redshift insert keeps the same rows as the DuckDB load", () => {
  const dir = mkdtempSync(join(tmpdir(), "loglake-rs-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("on a batch with an in-batch duplicate and a replay of a loaded event", async () => {
    // Prepare: two warehouses in one DuckDB, the same loaded row in both, the same next batch.
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    const other = { ...DEFAULT_WAREHOUSE_NAMES, schema: "rs", biSchema: "rs_bi" };
    for (const s of [...duckdbSetupStatements(), ...duckdbSetupStatements(other)]) await c.run(s);
    const row = (id: string, et: string, it: string, m: string) =>
      `('${id}', TIMESTAMP '${et}', TIMESTAMP '${it}', '123456789012', '/aws/lambda/f', 's', 'lambda', 'text', '${m}')`;
    const insert = (table: string, rows: string[]) =>
      `INSERT INTO ${table} (event_id, event_time, ingest_time, account_id, log_group, log_stream, source, log_format, message) VALUES ${rows.join(", ")}`;
    const loadedRow = row("2", "2026-12-03 09:00:02", "2026-12-03 09:01:00", "two");
    await c.run(insert('"logs"."log_events"', [loadedRow]));
    await c.run(insert('"rs"."log_events"', [loadedRow]));
    const path = join(dir, "next.parquet");
    await c.run("CREATE TABLE scratch AS SELECT * FROM logs.log_events WHERE false");
    await c.run(
      insert("scratch", [
        row("3", "2026-12-03 09:00:03", "2026-12-03 09:05:00", "late copy"),
        row("3", "2026-12-03 09:00:03", "2026-12-03 09:04:00", "first copy"),
        row("2", "2026-12-03 09:00:02", "2026-12-03 09:06:00", "two again"),
        row("1", "2026-12-03 09:00:01", "2026-12-03 09:04:00", "one"),
      ]),
    );
    await c.run(`COPY scratch TO '${path}' (FORMAT parquet)`);
    const next = batchOf([{ bucket: "lake", key: "curated/log_events/next.parquet", size: 1 }]);
    // Act: DuckDB's own load; the Redshift insert over a stage holding the same rows.
    const duckSteps = duckdbLoadSteps(next, { names: DEFAULT_WAREHOUSE_NAMES, paths: [path] });
    for (const s of inTransaction(duckSteps.map((step) => step.sql))) await c.run(s);
    const rsSteps = redshiftLoadSteps(next, { ...OPTIONS, names: other });
    await c.run(`CREATE TEMP TABLE "stage_${next.batchId}" AS SELECT * FROM read_parquet('${path}')`);
    await c.run(rsSteps[stepIndex(rsSteps, "insertNew")]?.sql as string);
    // Assess
    const read = async (schema: string) =>
      (await c.runAndReadAll(`SELECT event_id, message FROM "${schema}"."log_events" ORDER BY event_id`)).getRowsJS();
    expect(await read("rs")).toEqual([
      ["1", "one"],
      ["2", "two"],
      ["3", "first copy"],
    ]);
    expect(await read("logs")).toEqual(await read("rs"));
    c.closeSync();
  });
});
