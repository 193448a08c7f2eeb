/** The output columns of a bi view, read from its SELECT list (what the setup compares with SVV_COLUMNS). */
import { describe, expect, it } from "vitest";
import { DEFAULT_WAREHOUSE_NAMES } from "../../../core/load/names.js";
import { selectColumns, ViewColumnsError } from "../../../core/load/view-columns.js";
import { biViews } from "../../../core/load/views.js";

describe("selectColumns", () => {
  it("reads bare quoted columns and AS aliases, skipping commas inside calls and literals", () => {
    expect(
      selectColumns(
        `SELECT "a", COALESCE("b", 'x,y') AS "b_or", SUM(CASE WHEN "l" IN ('ERROR', 'FATAL') THEN 1 ELSE 0 END) AS "n" FROM t WHERE "a" IN ('p', 'q')`,
      ),
    ).toEqual(["a", "b_or", "n"]);
  });

  it("reads every bi view's columns in order", () => {
    const columns = Object.fromEntries(biViews(DEFAULT_WAREHOUSE_NAMES).map((v) => [v.name, selectColumns(v.select)]));

    expect(columns).toEqual({
      recent_events: [
        "event_time",
        "source",
        "service",
        "level",
        "log_format",
        "request_id",
        "trace_id",
        "onboarding_id",
        "onboarding_step",
        "onboarding_status",
        "error_type",
        "message",
      ],
      errors_by_service_day: ["event_date", "source", "service", "error_kind", "error_events", "onboardings_affected"],
      onboarding_funnel: ["event_date", "onboarding_step", "onboarding_status", "onboardings", "events"],
      lambda_performance: [
        "event_date",
        "service",
        "invocations",
        "cold_starts",
        "failed_invocations",
        "avg_duration_ms",
        "max_duration_ms",
        "p95_duration_ms",
        "avg_init_duration_ms",
        "billed_duration_ms",
        "memory_size_mb",
        "max_memory_used_mb",
        "p50_duration_ms",
      ],
      events_by_hour: ["event_hour", "source", "events", "error_events"],
      api_requests: ["event_date", "service", "http_method", "http_route", "http_status", "requests", "response_bytes"],
      events_by_day: ["event_date", "source", "service", "level", "log_format", "events", "error_events"],
    });
  });

  it("refuses an item without a name, so a view cannot silently dodge the column comparison", () => {
    expect(() => selectColumns('SELECT "a", COUNT(*) FROM t')).toThrow(
      new ViewColumnsError('SELECT-list item 2 (COUNT(*)) needs AS "name"'),
    );
    expect(() => selectColumns("WITH x AS (SELECT 1) SELECT * FROM x")).toThrow(ViewColumnsError);
  });
});
