/**
 * The SQL `loglake report` runs, one SELECT per section, over the same `bi.*` views Power BI reads (the header
 * also counts `logs.log_events` and the ledger). Each runs on its own: the read-only session allows one statement.
 */
import type { WarehouseNames } from "../load/names.js";
import { quoteQualified } from "../load/quote.js";

/** The sections of the report, each a query whose columns the chart builders read by name. */
export type ReportSection = "header" | "funnel" | "eventsByHour" | "lambda" | "apiStatus" | "topErrors";

/** How many error kinds "top errors" shows. */
export const TOP_ERRORS = 10;

/** The report's queries, by section. Names are quoted, so a renamed schema still reads as one identifier. */
export function reportQueries(names: WarehouseNames): Readonly<Record<ReportSection, string>> {
  const bi = (view: string): string => quoteQualified(names.biSchema, view);
  const events = quoteQualified(names.schema, names.table);
  const ledger = quoteQualified(names.schema, names.ledger);
  return {
    header: `SELECT COUNT(*) AS "events", COUNT(DISTINCT "onboarding_id") AS "onboardings", MIN("event_time") AS "first_event", MAX("event_time") AS "last_event", (SELECT COUNT(*) FROM ${ledger}) AS "objects_loaded", (SELECT COALESCE(SUM("error_events"), 0) FROM ${bi("errors_by_service_day")}) AS "error_events" FROM ${events}`,
    funnel: `SELECT "event_date", "onboarding_step", "onboarding_status", "onboardings" FROM ${bi("onboarding_funnel")} ORDER BY "event_date", "onboarding_step", "onboarding_status"`,
    eventsByHour: `SELECT "event_hour", "source", "events" FROM ${bi("events_by_hour")} ORDER BY "event_hour", "source"`,
    lambda: `SELECT "event_date", "service", "invocations", "failed_invocations", "p50_duration_ms", "p95_duration_ms" FROM ${bi("lambda_performance")} ORDER BY "event_date", "service"`,
    apiStatus: `SELECT "service", "http_method", "http_route", "http_status", SUM("requests") AS "requests" FROM ${bi("api_requests")} GROUP BY "service", "http_method", "http_route", "http_status" ORDER BY "service", "http_route", "http_method", "http_status"`,
    topErrors: `SELECT "source", "service", "error_kind", SUM("error_events") AS "error_events" FROM ${bi("errors_by_service_day")} GROUP BY "source", "service", "error_kind" ORDER BY SUM("error_events") DESC, "source", "service", "error_kind" LIMIT ${TOP_ERRORS}`,
  };
}
