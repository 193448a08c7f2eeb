/**
 * The `bi.*` views, written once in the SQL subset Redshift and DuckDB share, so a view means the
 * same thing in the warehouse and in the local stand-in (a unit test runs them on DuckDB).
 */

import type { WarehouseNames } from "./names.js";
import { quoteIdent, quoteQualified } from "./quote.js";

/** One BI view: its name inside the BI schema and its SELECT. */
export interface BiView {
  readonly name: string;
  readonly description: string;
  readonly select: string;
}

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
      select: `SELECT "event_time", "source", "service", "level", "log_format", "request_id", "trace_id", "onboarding_id", "onboarding_step", "onboarding_status", "error_type", "message" FROM ${t} WHERE "event_time" >= (SELECT MAX("event_time") FROM ${t}) - INTERVAL '24 hours'`,
    },
    {
      name: "errors_by_service_day",
      description: "Error events per day, source, service and error kind",
      select: `SELECT ${day} AS "event_date", "source", "service", COALESCE("error_type", "level") AS "error_kind", COUNT(*) AS "error_events", COUNT(DISTINCT "onboarding_id") AS "onboardings_affected" FROM ${t} WHERE "level" IN ('ERROR', 'FATAL') OR "error_type" IS NOT NULL GROUP BY ${day}, "source", "service", COALESCE("error_type", "level")`,
    },
    {
      name: "onboarding_funnel",
      description: "Distinct onboarding applications per day, step and status",
      select: `SELECT ${day} AS "event_date", "onboarding_step", "onboarding_status", COUNT(DISTINCT "onboarding_id") AS "onboardings", COUNT(*) AS "events" FROM ${t} WHERE "onboarding_id" IS NOT NULL AND "onboarding_step" IS NOT NULL GROUP BY ${day}, "onboarding_step", "onboarding_status"`,
    },
    {
      name: "lambda_performance",
      description: "Lambda invocations per day and function: durations, cold starts, memory, failures",
      select: `SELECT ${day} AS "event_date", "service", COUNT(*) AS "invocations", COUNT("init_duration_ms") AS "cold_starts", COUNT("error_type") AS "failed_invocations", AVG("duration_ms") AS "avg_duration_ms", MAX("duration_ms") AS "max_duration_ms", PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY "duration_ms") AS "p95_duration_ms", AVG("init_duration_ms") AS "avg_init_duration_ms", SUM("billed_duration_ms") AS "billed_duration_ms", MAX("memory_size_mb") AS "memory_size_mb", MAX("max_memory_used_mb") AS "max_memory_used_mb", PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY "duration_ms") AS "p50_duration_ms" FROM ${t} WHERE "source" = 'lambda' AND "duration_ms" IS NOT NULL GROUP BY ${day}, "service"`,
    },
    {
      name: "events_by_hour",
      description: "Events per hour and source, with the error events among them",
      select: `SELECT DATE_TRUNC('hour', "event_time") AS "event_hour", "source", COUNT(*) AS "events", SUM(CASE WHEN "level" IN ('ERROR', 'FATAL') OR "error_type" IS NOT NULL THEN 1 ELSE 0 END) AS "error_events" FROM ${t} GROUP BY DATE_TRUNC('hour', "event_time"), "source"`,
    },
    {
      name: "api_requests",
      description: "API requests per day, API (id/stage), method, route and status code, from the access logs",
      select: `SELECT ${day} AS "event_date", "service", "http_method", "http_route", "http_status", COUNT(*) AS "requests", SUM("response_bytes") AS "response_bytes" FROM ${t} WHERE "log_format" = 'apigw_access' GROUP BY ${day}, "service", "http_method", "http_route", "http_status"`,
    },
  ];
}

/** `CREATE OR REPLACE VIEW` statements for {@link biViews}; identical text in both dialects. */
export function biViewStatements(names: WarehouseNames): string[] {
  return biViews(names).map((v) => `CREATE OR REPLACE VIEW ${quoteQualified(names.biSchema, v.name)} AS ${v.select}`);
}

/**
 * The warehouse setup in order — schemas, the dialect's two tables, the shared BI views — so the
 * Redshift and DuckDB forms differ only in their table DDL. Idempotent.
 */
export function warehouseSetupStatements(names: WarehouseNames, logEventsDdl: string, ledgerDdl: string): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(names.schema)}`,
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(names.biSchema)}`,
    logEventsDdl,
    ledgerDdl,
    ...biViewStatements(names),
  ];
}
