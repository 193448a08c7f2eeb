/**
 * The `bi.*` views, written once in the SQL subset Redshift and DuckDB share, so a view means the
 * same thing in the warehouse and in the local stand-in (a unit test runs them on DuckDB).
 */

import type { WarehouseNames } from "./names.js";
import { quoteIdent, quoteQualified } from "./quote.js";

/**
 * One BI view: its name inside the BI schema, its SELECT, and whether Redshift keeps it as a materialized view.
 * The SELECT is the contract; each dialect renders the statement (`redshiftViewStatement`, `duckdbViewStatement`).
 */
export interface BiView {
  readonly name: string;
  readonly description: string;
  readonly select: string;
  /**
   * True when Redshift stores it as a materialized view with `AUTO REFRESH YES`: only for SELECTs that Redshift can
   * refresh incrementally (GROUP BY with COUNT/SUM/MIN/MAX/AVG over immutable expressions; no DISTINCT aggregate,
   * window function, percentile, subquery, outer join or set operation). DuckDB has none: every view is plain there.
   */
  readonly materialized: boolean;
}

/** The error test the aggregates share, so "error events" means one thing in every view. */
const IS_ERROR = `"level" IN ('ERROR', 'FATAL') OR "error_type" IS NOT NULL`;

/**
 * The BI views over `log_events`. "Recent" is relative to the newest event, so a replayed or local lake shows data too.
 * New columns go at the end of a view (Power BI reports and `loglake report` address them by name, and positions stay).
 */
export function biViews(names: WarehouseNames): BiView[] {
  const t = quoteQualified(names.schema, names.table);
  const day = `CAST("event_time" AS DATE)`;
  return [
    {
      name: "recent_events",
      description: "Events of the last 24 hours before the newest event",
      // Plain: the window is relative to MAX(event_time), a subquery a materialized view cannot refresh incrementally.
      select: `SELECT "event_time", "source", "service", "level", "log_format", "request_id", "trace_id", "onboarding_id", "onboarding_step", "onboarding_status", "error_type", "message" FROM ${t} WHERE "event_time" >= (SELECT MAX("event_time") FROM ${t}) - INTERVAL '24 hours'`,
      materialized: false,
    },
    {
      name: "errors_by_service_day",
      description: "Error events per day, source, service and error kind",
      // Plain: COUNT(DISTINCT onboarding_id) cannot be refreshed incrementally (a new row may or may not add one).
      select: `SELECT ${day} AS "event_date", "source", "service", COALESCE("error_type", "level") AS "error_kind", COUNT(*) AS "error_events", COUNT(DISTINCT "onboarding_id") AS "onboardings_affected" FROM ${t} WHERE ${IS_ERROR} GROUP BY ${day}, "source", "service", COALESCE("error_type", "level")`,
      materialized: false,
    },
    {
      name: "onboarding_funnel",
      description: "Distinct onboarding applications per day, step and status",
      // Plain: COUNT(DISTINCT onboarding_id) cannot be refreshed incrementally.
      select: `SELECT ${day} AS "event_date", "onboarding_step", "onboarding_status", COUNT(DISTINCT "onboarding_id") AS "onboardings", COUNT(*) AS "events" FROM ${t} WHERE "onboarding_id" IS NOT NULL AND "onboarding_step" IS NOT NULL GROUP BY ${day}, "onboarding_step", "onboarding_status"`,
      materialized: false,
    },
    {
      name: "lambda_performance",
      description: "Lambda invocations per day and function: durations, cold starts, memory, failures",
      // Plain: PERCENTILE_CONT (p50/p95) needs every duration of the day again, no incremental refresh.
      select: `SELECT ${day} AS "event_date", "service", COUNT(*) AS "invocations", COUNT("init_duration_ms") AS "cold_starts", COUNT("error_type") AS "failed_invocations", AVG("duration_ms") AS "avg_duration_ms", MAX("duration_ms") AS "max_duration_ms", PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY "duration_ms") AS "p95_duration_ms", AVG("init_duration_ms") AS "avg_init_duration_ms", SUM("billed_duration_ms") AS "billed_duration_ms", MAX("memory_size_mb") AS "memory_size_mb", MAX("max_memory_used_mb") AS "max_memory_used_mb", PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY "duration_ms") AS "p50_duration_ms" FROM ${t} WHERE "source" = 'lambda' AND "duration_ms" IS NOT NULL GROUP BY ${day}, "service"`,
      materialized: false,
    },
    {
      name: "events_by_hour",
      description: "Events per hour and source, with the error events among them",
      // Materialized: COUNT and SUM(CASE) over DATE_TRUNC, all incrementally refreshable.
      select: `SELECT DATE_TRUNC('hour', "event_time") AS "event_hour", "source", COUNT(*) AS "events", SUM(CASE WHEN ${IS_ERROR} THEN 1 ELSE 0 END) AS "error_events" FROM ${t} GROUP BY DATE_TRUNC('hour', "event_time"), "source"`,
      materialized: true,
    },
    {
      name: "api_requests",
      description: "API requests per day, API (id/stage), method, route and status code, from the access logs",
      // Materialized: COUNT and SUM with a plain WHERE, incrementally refreshable.
      select: `SELECT ${day} AS "event_date", "service", "http_method", "http_route", "http_status", COUNT(*) AS "requests", SUM("response_bytes") AS "response_bytes" FROM ${t} WHERE "log_format" = 'apigw_access' GROUP BY ${day}, "service", "http_method", "http_route", "http_status"`,
      materialized: true,
    },
    {
      name: "events_by_day",
      description: "Events per day, source, service, level and log format, with the error events among them",
      // Materialized: COUNT and SUM(CASE) over CAST(… AS DATE), incrementally refreshable.
      select: `SELECT ${day} AS "event_date", "source", "service", "level", "log_format", COUNT(*) AS "events", SUM(CASE WHEN ${IS_ERROR} THEN 1 ELSE 0 END) AS "error_events" FROM ${t} GROUP BY ${day}, "source", "service", "level", "log_format"`,
      materialized: true,
    },
  ];
}

/**
 * `CREATE OR REPLACE VIEW` for one view, the plain-view text both dialects accept (DuckDB for every view,
 * Redshift for the views that are not materialized).
 */
export function plainViewStatement(names: WarehouseNames, view: BiView): string {
  return `CREATE OR REPLACE VIEW ${quoteQualified(names.biSchema, view.name)} AS ${view.select}`;
}

/**
 * The warehouse setup in order — schemas, the dialect's two tables, the BI views rendered by the dialect's
 * `viewStatement` — so the Redshift and DuckDB forms differ only in their table DDL and view kinds.
 */
export function warehouseSetupStatements(
  names: WarehouseNames,
  logEventsDdl: string,
  ledgerDdl: string,
  viewStatement: (names: WarehouseNames, view: BiView) => string,
): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(names.schema)}`,
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(names.biSchema)}`,
    logEventsDdl,
    ledgerDdl,
    ...biViews(names).map((v) => viewStatement(names, v)),
  ];
}
