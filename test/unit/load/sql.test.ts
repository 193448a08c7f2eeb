/** Load SQL and DDL: quoting, the Redshift form, and agreement with the column catalog. */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { duckdbLogEventsDdl, duckdbSetupStatements } from "../../../core/load/duckdb-ddl.js";
import { DEFAULT_WAREHOUSE_NAMES } from "../../../core/load/names.js";
import { planBatches } from "../../../core/load/plan.js";
import { quoteIdent, quoteLiteral, quoteQualified } from "../../../core/load/quote.js";
import { redshiftLoadSteps } from "../../../core/load/redshift.js";
import { redshiftLogEventsDdl, redshiftSetupStatements } from "../../../core/load/redshift-ddl.js";
import { duckdbLoadSteps, inTransaction, stepSql } from "../../../core/load/sql.js";
import { biViews } from "../../../core/load/views.js";
import { LOG_EVENTS_COLUMN_NAMES } from "../../../schemas/catalog.js";

const EMPTY = join(tmpdir(), `loglake-unit-${process.pid}-empty.parquet`);
const [batch] = planBatches([{ bucket: "lake", key: "curated/it's.parquet", size: 10 }], {
  maxObjects: 5,
  maxBytes: 1e9,
});
const b = batch as NonNullable<typeof batch>;

/** Column names of a CREATE TABLE, in order. */
const ddlColumns = (ddl: string): string[] => [...ddl.matchAll(/^\s+"([^"]+)" /gm)].map((m) => m[1] as string);

describe("quoting", () => {
  it("doubles quotes inside identifiers and literals", () => {
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
    expect(quoteQualified("logs", "log_events")).toBe('"logs"."log_events"');
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });

  it("refuses NUL bytes and empty identifiers", () => {
    expect(() => quoteLiteral("a\u0000b")).toThrow(/NUL/);
    expect(() => quoteIdent("")).toThrow(/empty/);
  });

  it("quotes object URLs in the load SQL so a quote in a key cannot break out", () => {
    const sql = duckdbLoadSteps(b, { names: DEFAULT_WAREHOUSE_NAMES, paths: ["/lake/it's.parquet"] })
      .map((s) => s.sql)
      .join(";\n");
    expect(sql).toContain("'/lake/it''s.parquet'");
    expect(sql).toContain("'s3://lake/curated/it''s.parquet'");
  });
});

describe("Redshift", () => {
  it("creates logs.log_events with the catalog's columns in order, SORTKEY(event_time) and a DISTKEY", () => {
    const ddl = redshiftLogEventsDdl();
    expect(ddlColumns(ddl)).toEqual([...LOG_EVENTS_COLUMN_NAMES]);
    expect(ddl).toMatch(/SORTKEY \("event_time"\)/);
    expect(ddl).toMatch(/DISTSTYLE KEY DISTKEY \("event_id"\)/);
    expect(ddl).toContain('"message" VARCHAR(65535) NOT NULL');
  });

  it("uses AZ64 only on the types Redshift allows it for (never on DOUBLE PRECISION)", () => {
    const lines = redshiftLogEventsDdl()
      .split("\n")
      .filter((l) => l.includes(" ENCODE AZ64"));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      expect(line).toMatch(/ (SMALLINT|INTEGER|BIGINT|DECIMAL|DATE|TIMESTAMP|TIMESTAMPTZ)( NOT NULL)? ENCODE AZ64/);
    expect(redshiftLogEventsDdl()).toContain('"duration_ms" DOUBLE PRECISION ENCODE ZSTD');
  });

  it("sets up schemas, tables, the plain BI views and the materialized ones, in order", () => {
    const setup = redshiftSetupStatements();
    const heads = setup.map(
      (s) => /^CREATE (?:SCHEMA|TABLE|OR REPLACE VIEW|MATERIALIZED VIEW)(?: IF NOT EXISTS)? (\S+)/.exec(s)?.[0],
    );
    expect(heads).toEqual([
      'CREATE SCHEMA IF NOT EXISTS "logs"',
      'CREATE SCHEMA IF NOT EXISTS "bi"',
      'CREATE TABLE IF NOT EXISTS "logs"."log_events"',
      'CREATE TABLE IF NOT EXISTS "logs"."load_ledger"',
      'CREATE OR REPLACE VIEW "bi"."recent_events"',
      'CREATE OR REPLACE VIEW "bi"."errors_by_service_day"',
      'CREATE OR REPLACE VIEW "bi"."onboarding_funnel"',
      'CREATE OR REPLACE VIEW "bi"."lambda_performance"',
      'CREATE MATERIALIZED VIEW "bi"."events_by_hour"',
      'CREATE MATERIALIZED VIEW "bi"."api_requests"',
      'CREATE MATERIALIZED VIEW "bi"."events_by_day"',
    ]);
  });
});

describe("DuckDB", () => {
  it("returns the load as named steps in run order, named like the Redshift steps that mean the same", () => {
    // Act
    const steps = duckdbLoadSteps(b, { names: DEFAULT_WAREHOUSE_NAMES, paths: ["/lake/a.parquet"] });
    const redshift = redshiftLoadSteps(b, {
      names: DEFAULT_WAREHOUSE_NAMES,
      manifestUrl: "s3://lake/m.manifest",
      iamRoleArn: "arn:aws:iam::123456789012:role/copy",
    });
    // Assess
    expect(steps.map((s) => s.name)).toEqual(["createStage", "insertNew", "ledgerRows", "dropStage"]);
    const redshiftNames = new Set(redshift.map((s) => s.name));
    for (const s of steps) expect(redshiftNames.has(s.name)).toBe(true);
    expect(stepSql(steps, "createStage")[0]).toMatch(/^CREATE TEMP VIEW "stage_b_[0-9a-f]{24}" AS SELECT /);
    expect(stepSql(steps, "insertNew")[0]).toMatch(/^INSERT INTO "logs"."log_events" /);
    expect(stepSql(steps, "ledgerRows")[0]).toMatch(/^INSERT INTO "logs"."load_ledger" /);
    expect(stepSql(steps, "dropStage")).toEqual([`DROP VIEW "stage_${b.batchId}"`]);
  });

  it("picks steps by name in run order whatever order the names are asked in", () => {
    const steps = duckdbLoadSteps(b, { names: DEFAULT_WAREHOUSE_NAMES, paths: ["/lake/a.parquet"] });
    const picked = stepSql(steps, "dropStage", "ledgerRows");
    expect(picked).toHaveLength(2);
    expect(picked[0]).toMatch(/^INSERT INTO "logs"."load_ledger" /);
    expect(picked[1]).toBe(`DROP VIEW "stage_${b.batchId}"`);
  });

  it("creates log_events with the catalog's columns in order", () => {
    expect(ddlColumns(duckdbLogEventsDdl())).toEqual([...LOG_EVENTS_COLUMN_NAMES]);
  });

  it("defines every BI view as a plain view with Redshift's SELECT", () => {
    const views = (all: string[]) => all.filter((s) => s.includes(" VIEW "));
    const asPlain = (s: string) =>
      s.replace(/^CREATE MATERIALIZED VIEW (\S+) AUTO REFRESH YES AS /, "CREATE OR REPLACE VIEW $1 AS ");
    const duckdb = views(duckdbSetupStatements());
    expect(duckdb).toHaveLength(7);
    expect(duckdb.every((s) => s.startsWith('CREATE OR REPLACE VIEW "bi".'))).toBe(true);
    expect(duckdb).toEqual(views(redshiftSetupStatements()).map(asPlain));
  });

  it("runs the setup, an empty-batch-safe load transaction and every BI view on a real DuckDB", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    for (const s of duckdbSetupStatements()) await c.run(s);
    await c.run(`COPY (SELECT * FROM "logs"."log_events") TO '${EMPTY}' (FORMAT parquet)`);
    const steps = duckdbLoadSteps(b, { names: DEFAULT_WAREHOUSE_NAMES, paths: [EMPTY] });
    for (const s of inTransaction(steps.map((step) => step.sql))) await c.run(s);
    for (const v of biViews(DEFAULT_WAREHOUSE_NAMES)) await c.run(`SELECT * FROM "bi"."${v.name}"`);
    const ledger = await c.runAndReadAll('SELECT "object_url", "rows_staged" FROM "logs"."load_ledger"');
    expect(ledger.getRowsJson()).toEqual([["s3://lake/curated/it's.parquet", "0"]]);
    c.closeSync();
  });
});
