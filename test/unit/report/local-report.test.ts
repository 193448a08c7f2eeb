/**
 * `writeReport` on a real DuckDB warehouse holding a few literal rows: the bi views, the report's queries, the
 * rows read through the read-only session and the page's embedded chart data, end to end without a run.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReport } from "../../../local/report.js";
import { LocalWarehouse } from "../../../local/warehouse.js";

const COLUMNS = `"event_id", "event_time", "ingest_time", "account_id", "log_group", "log_stream", "source", "log_format", "message", "service", "level", "duration_ms", "error_type", "http_method", "http_route", "http_status", "onboarding_id", "onboarding_step", "onboarding_status"`;
const row = (id: number, time: string, rest: string) =>
  `('${id}', TIMESTAMP '${time}', TIMESTAMP '${time}', '111122223333', 'g', 's', ${rest})`;
// source, log_format, message, service, level, duration_ms, error_type, method, route, status, onboarding id/step/status
const ROWS = [
  row(
    1,
    "2025-06-02 10:05:00",
    `'lambda', 'lambda_platform', 'REPORT', 'fn-a', 'INFO', 100, NULL, NULL, NULL, NULL, NULL, NULL, NULL`,
  ),
  row(
    2,
    "2025-06-02 10:15:00",
    `'lambda', 'lambda_platform', 'REPORT', 'fn-a', 'INFO', 300, 'Task timed out', NULL, NULL, NULL, NULL, NULL, NULL`,
  ),
  row(
    3,
    "2025-06-02 11:05:00",
    `'lambda', 'powertools', 'ok', 'fn-a', 'INFO', NULL, NULL, NULL, NULL, NULL, 'o-1', 'start', 'started'`,
  ),
  row(
    4,
    "2025-06-02 11:06:00",
    `'lambda', 'powertools', 'ok', 'fn-a', 'INFO', NULL, NULL, NULL, NULL, NULL, 'o-2', 'start', 'started'`,
  ),
  row(
    5,
    "2025-06-02 11:07:00",
    `'apigateway', 'apigw_access', '{}', 'api/prod', 'INFO', NULL, NULL, 'POST', '/onboarding', 200, NULL, NULL, NULL`,
  ),
  row(
    6,
    "2025-06-02 11:08:00",
    `'apigateway', 'apigw_access', '{}', 'api/prod', 'ERROR', NULL, NULL, 'POST', '/onboarding', 502, NULL, NULL, NULL`,
  ),
  row(
    7,
    "2025-06-02 11:09:00",
    `'apigateway', 'apigw_execution', 'x', 'api/prod', 'INFO', NULL, NULL, NULL, NULL, 502, NULL, NULL, NULL`,
  ),
];

interface Drawn {
  id: string;
  option: { series: { name: string; data: unknown[] }[]; xAxis: { data?: string[] }; yAxis: { data?: string[] } };
}

function drawnCharts(html: string): Drawn[] {
  const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? "[]";
  return JSON.parse(json) as Drawn[];
}

describe("writeReport", () => {
  let dir: string;
  let html: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "loglake-report-"));
    const w = await LocalWarehouse.open(join(dir, "warehouse.duckdb"));
    await w.query(`INSERT INTO "logs"."log_events" (${COLUMNS}) VALUES ${ROWS.join(", ")}`);
    w.close();
    const result = await writeReport({ dir, now: new Date("2026-01-02T03:04:05Z") });
    expect(result.path).toBe(join(dir, "report.html"));
    expect(result.charts).toEqual([
      "funnel",
      "events-by-hour",
      "lambda-duration",
      "lambda-failures",
      "api-status",
      "top-errors",
    ]);
    expect(result.empty).toEqual([]);
    html = readFileSync(result.path, "utf8");
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const chart = (id: string): Drawn => {
    const found = drawnCharts(html).find((c) => c.id === id);
    if (!found) throw new Error(`no chart ${id}`);
    return found;
  };
  const series = (id: string) => chart(id).option.series.map((s) => [s.name, s.data]);

  it("writes the warehouse's counts and paths in the header", () => {
    expect(html).toContain("<dt>Events in the warehouse</dt><dd>7</dd>");
    expect(html).toContain("<dt>Onboarding applications</dt><dd>2</dd>");
    expect(html).toContain("<dt>Error events</dt><dd>2</dd>");
    expect(html).toContain("<dt>First event</dt><dd>2025-06-02 10:05:00 UTC</dd>");
    expect(html).toContain(`<dt>Warehouse</dt><dd>${join(dir, "warehouse.duckdb")}</dd>`);
    expect(html).toContain("Built 2026-01-02 03:04:05 UTC");
  });

  it("counts events per hour and source from bi.events_by_hour", () => {
    expect(chart("events-by-hour").option.xAxis.data).toEqual(["2025-06-02 10:00", "2025-06-02 11:00"]);
    expect(series("events-by-hour")).toEqual([
      ["lambda", [2, 2]],
      ["apigateway", [0, 3]],
    ]);
  });

  it("takes p50 and p95 from bi.lambda_performance, and counts the timeout as a failed invocation", () => {
    expect(series("lambda-duration")).toEqual([
      ["p50 ms", [200]],
      ["p95 ms", [290]],
    ]);
    expect(series("lambda-failures")).toEqual([["failed invocations", [1]]]);
  });

  it("counts API status codes per route from the access logs only", () => {
    expect(chart("api-status").option.yAxis.data).toEqual(["POST /onboarding (api/prod)"]);
    expect(series("api-status")).toEqual([
      ["200", [1]],
      ["502", [1]],
    ]);
  });

  it("draws the funnel and the top errors", () => {
    expect(series("funnel")).toEqual([["started", [2]]]);
    expect(chart("top-errors").option.yAxis.data).toEqual(["api/prod: ERROR", "fn-a: Task timed out"]);
    expect(series("top-errors")).toEqual([["error events", [1, 1]]]);
  });

  it("refuses a folder without a warehouse with the command that makes one", async () => {
    const empty = mkdtempSync(join(tmpdir(), "loglake-report-empty-"));
    try {
      await expect(writeReport({ dir: empty })).rejects.toThrow(
        `no warehouse at ${join(empty, "warehouse.duckdb")} yet: run \`npm start\` (or \`loglake local run --dir ${empty}\`) first`,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("says how to add a view the report reads to a warehouse an older loglake wrote", async () => {
    const old = mkdtempSync(join(tmpdir(), "loglake-report-old-"));
    try {
      const w = await LocalWarehouse.open(join(old, "warehouse.duckdb"));
      await w.query('DROP VIEW "bi"."events_by_hour"');
      w.close();
      await expect(writeReport({ dir: old })).rejects.toThrow(
        `the warehouse has no bi.events_by_hour (an older loglake wrote it): run \`loglake local run --dir ${old}\` to update its views`,
      );
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });

  it("draws no chart, only notes, for a warehouse without rows", async () => {
    const empty = mkdtempSync(join(tmpdir(), "loglake-report-none-"));
    try {
      (await LocalWarehouse.open(join(empty, "warehouse.duckdb"))).close();
      const result = await writeReport({ dir: empty });
      expect(result.charts).toEqual([]);
      expect(result.empty).toEqual([
        "funnel",
        "events-by-hour",
        "lambda-duration",
        "lambda-failures",
        "api-status",
        "top-errors",
      ]);
      expect(readFileSync(result.path, "utf8")).toContain("<dt>First event</dt><dd>–</dd>");
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("names the path when the page cannot be written", async () => {
    const out = join(dir, "missing", "r.html");
    await expect(writeReport({ dir, out })).rejects.toThrow(`cannot write the report to ${out} (ENOENT)`);
  });
});
