/**
 * BI views per dialect: Redshift materializes the incrementally refreshable aggregates (AUTO REFRESH YES) and keeps
 * the rest plain; DuckDB makes every one a plain view with the same SELECT, and the local warehouse answers them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { duckdbViewStatement } from "../../../core/load/duckdb-ddl.js";
import { DEFAULT_WAREHOUSE_NAMES, type WarehouseNames } from "../../../core/load/names.js";
import { redshiftViewStatement } from "../../../core/load/redshift-ddl.js";
import { type BiView, biViews } from "../../../core/load/views.js";
import { LocalWarehouse } from "../../../local/warehouse.js";

const view = (name: string, names: WarehouseNames = DEFAULT_WAREHOUSE_NAMES): BiView => {
  const found = biViews(names).find((v) => v.name === name);
  if (!found) throw new Error(`no view ${name}`);
  return found;
};

const EVENTS_BY_DAY_SELECT = `SELECT CAST("event_time" AS DATE) AS "event_date", "source", "service", "level", "log_format", COUNT(*) AS "events", SUM(CASE WHEN "level" IN ('ERROR', 'FATAL') OR "error_type" IS NOT NULL THEN 1 ELSE 0 END) AS "error_events" FROM "logs"."log_events" GROUP BY CAST("event_time" AS DATE), "source", "service", "level", "log_format"`;
const FUNNEL_SELECT = `SELECT CAST("event_time" AS DATE) AS "event_date", "onboarding_step", "onboarding_status", COUNT(DISTINCT "onboarding_id") AS "onboardings", COUNT(*) AS "events" FROM "logs"."log_events" WHERE "onboarding_id" IS NOT NULL AND "onboarding_step" IS NOT NULL GROUP BY CAST("event_time" AS DATE), "onboarding_step", "onboarding_status"`;

describe("which BI views Redshift materializes", () => {
  it("materializes only the COUNT/SUM aggregates: events_by_hour, api_requests, events_by_day", () => {
    const kinds = biViews(DEFAULT_WAREHOUSE_NAMES).map((v) => [v.name, v.materialized]);
    expect(kinds).toEqual([
      ["recent_events", false],
      ["errors_by_service_day", false],
      ["onboarding_funnel", false],
      ["lambda_performance", false],
      ["events_by_hour", true],
      ["api_requests", true],
      ["events_by_day", true],
    ]);
  });

  it("keeps what incremental refresh refuses (DISTINCT, percentiles, windows, subqueries, outer joins, set operations) out of materialized views", () => {
    const materialized = biViews(DEFAULT_WAREHOUSE_NAMES).filter((v) => v.materialized);
    for (const v of materialized)
      expect(v.select, v.name).not.toMatch(
        /DISTINCT|PERCENTILE|OVER\s*\(|\(\s*SELECT|OUTER|LEFT JOIN|UNION|EXCEPT|INTERSECT/i,
      );
  });
});

describe("Redshift view DDL", () => {
  it("creates a materialized view with AUTO REFRESH YES for events_by_day", () => {
    expect(redshiftViewStatement(DEFAULT_WAREHOUSE_NAMES, view("events_by_day"))).toBe(
      `CREATE MATERIALIZED VIEW "bi"."events_by_day" AUTO REFRESH YES AS ${EVENTS_BY_DAY_SELECT}`,
    );
  });

  it("keeps onboarding_funnel (distinct counts) a plain CREATE OR REPLACE VIEW", () => {
    expect(redshiftViewStatement(DEFAULT_WAREHOUSE_NAMES, view("onboarding_funnel"))).toBe(
      `CREATE OR REPLACE VIEW "bi"."onboarding_funnel" AS ${FUNNEL_SELECT}`,
    );
  });

  it("puts the view in the configured BI schema and reads the configured table", () => {
    const names = { ...DEFAULT_WAREHOUSE_NAMES, schema: "scratch", biSchema: "scratch_bi" };
    expect(redshiftViewStatement(names, view("api_requests", names))).toBe(
      `CREATE MATERIALIZED VIEW "scratch_bi"."api_requests" AUTO REFRESH YES AS SELECT CAST("event_time" AS DATE) AS "event_date", "service", "http_method", "http_route", "http_status", COUNT(*) AS "requests", SUM("response_bytes") AS "response_bytes" FROM "scratch"."log_events" WHERE "log_format" = 'apigw_access' GROUP BY CAST("event_time" AS DATE), "service", "http_method", "http_route", "http_status"`,
    );
  });
});

describe("DuckDB view DDL", () => {
  it("creates events_by_day as a plain view with the same SELECT (DuckDB has no materialized views)", () => {
    expect(duckdbViewStatement(DEFAULT_WAREHOUSE_NAMES, view("events_by_day"))).toBe(
      `CREATE OR REPLACE VIEW "bi"."events_by_day" AS ${EVENTS_BY_DAY_SELECT}`,
    );
  });

  it("creates a plain view the same way", () => {
    expect(duckdbViewStatement(DEFAULT_WAREHOUSE_NAMES, view("onboarding_funnel"))).toBe(
      `CREATE OR REPLACE VIEW "bi"."onboarding_funnel" AS ${FUNNEL_SELECT}`,
    );
  });
});

describe("the local warehouse's bi.events_by_day", () => {
  let dir: string;
  let warehouse: LocalWarehouse;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "loglake-views-"));
    warehouse = await LocalWarehouse.open(join(dir, "warehouse.duckdb"));
    const cols = `"event_id", "event_time", "ingest_time", "account_id", "log_group", "log_stream", "source", "log_format", "message", "service", "level", "error_type"`;
    const row = (id: string, time: string, level: string, errorType: string) =>
      `('${id}', TIMESTAMP '${time}', TIMESTAMP '${time}', '111122223333', 'g', 's', 'lambda', 'powertools', 'm', 'fn-a', '${level}', ${errorType})`;
    await warehouse.query(
      `INSERT INTO "logs"."log_events" (${cols}) VALUES ${[
        row("1", "2025-06-02 10:05:00", "INFO", "NULL"),
        row("2", "2025-06-02 23:59:59", "INFO", "'Task timed out'"),
        row("3", "2025-06-02 12:00:00", "ERROR", "NULL"),
        row("4", "2025-06-03 00:00:00", "INFO", "NULL"),
      ].join(", ")}`,
    );
  });

  afterAll(() => {
    warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers SELECT * with events and error events per day, source, service, level and format (counts as text, as BIGINT)", async () => {
    const result = await warehouse.query(`SELECT * FROM bi.events_by_day ORDER BY "event_date", "level"`);
    expect(result.columns).toEqual([
      "event_date",
      "source",
      "service",
      "level",
      "log_format",
      "events",
      "error_events",
    ]);
    expect(result.rows).toEqual([
      ["2025-06-02", "lambda", "fn-a", "ERROR", "powertools", "1", "1"],
      ["2025-06-02", "lambda", "fn-a", "INFO", "powertools", "2", "1"],
      ["2025-06-03", "lambda", "fn-a", "INFO", "powertools", "1", "0"],
    ]);
  });
});
