/**
 * Chart specs of `loglake report`, built from the rows of its queries (core/report/queries.ts) as ECharts
 * options: plain JSON (no functions), so the page embeds them as data and a test compares them with literals.
 * Every chart is drawn without animation, so what the page shows is final as soon as it is loaded.
 */
import type { EChartsOption } from "echarts";

/** A row of bi.onboarding_funnel. */
export interface FunnelRow {
  readonly event_date: string;
  readonly onboarding_step: string;
  readonly onboarding_status: string | null;
  readonly onboardings: number;
}

/** A row of bi.events_by_hour (`event_hour` as ISO text). */
export interface HourRow {
  readonly event_hour: string;
  readonly source: string | null;
  readonly events: number;
}

/** A row of bi.lambda_performance (the columns the report reads). */
export interface LambdaRow {
  readonly event_date: string;
  readonly service: string | null;
  readonly invocations: number;
  readonly failed_invocations: number;
  readonly p50_duration_ms: number | null;
  readonly p95_duration_ms: number | null;
}

/** bi.api_requests summed over days. */
export interface ApiStatusRow {
  readonly service: string | null;
  readonly http_method: string | null;
  readonly http_route: string | null;
  readonly http_status: number | null;
  readonly requests: number;
}

/** bi.errors_by_service_day summed over days, the largest first. */
export interface ErrorRow {
  readonly source: string | null;
  readonly service: string | null;
  readonly error_kind: string | null;
  readonly error_events: number;
}

/** One chart of the page: where its data comes from, and its ECharts option (null when the view had no rows). */
export interface ReportChart {
  /** DOM id of the chart's element. */
  readonly id: string;
  readonly title: string;
  /** The view(s) it reads, as the BI team would query them. */
  readonly source: string;
  /** One sentence on how to read it. */
  readonly note: string;
  readonly option: EChartsOption | null;
  /** Height of the chart in CSS pixels (horizontal bar charts grow with their categories). */
  readonly height: number;
}

const NONE = "(none)";
const label = (v: string | null): string => v ?? NONE;
const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * Keys ordered by their total (or their largest value, with `max`), the largest first and ties by name, so
 * legends and axes read from most to least.
 */
function byTotal<R>(rows: readonly R[], key: (r: R) => string, value: (r: R) => number, max = false): string[] {
  const totals = new Map<string, number>();
  for (const r of rows) {
    const before = totals.get(key(r));
    totals.set(key(r), before === undefined ? value(r) : max ? Math.max(before, value(r)) : before + value(r));
  }
  return [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k]) => k);
}

/** One bar series: its values in category order, and optionally a stack, a fixed colour and value labels. */
interface BarSeries {
  readonly name: string;
  readonly data: (number | null)[];
  readonly stack?: string;
  readonly color?: string;
  readonly labels?: boolean;
}

/** Colours that read as their meaning; statuses the business rules name otherwise take the default palette. */
const STATUS_COLORS: Readonly<Record<string, string>> = {
  started: "#5470c6",
  completed: "#3ba272",
  rejected: "#fc8452",
  failed: "#ee6666",
};

/** HTTP status classes: 2xx green, 3xx blue, 4xx amber, 5xx red; later codes of a class a darker shade. */
const STATUS_CLASS_SHADES: Readonly<Record<string, readonly string[]>> = {
  "2": ["#3ba272", "#2a7a55", "#1d5a3e"],
  "3": ["#5470c6", "#3d55a0", "#2b3d78"],
  "4": ["#fac858", "#e0a526", "#b8841a"],
  "5": ["#ee6666", "#c94444", "#a02d2d"],
};

/** Colours for HTTP status codes (sorted), by class. */
export function httpStatusColors(statuses: readonly string[]): (string | undefined)[] {
  const seen = new Map<string, number>();
  return statuses.map((s) => {
    const shades = STATUS_CLASS_SHADES[s.charAt(0)];
    if (!shades || !/^\d{3}$/.test(s)) return undefined;
    const i = seen.get(s.charAt(0)) ?? 0;
    seen.set(s.charAt(0), i + 1);
    return shades[Math.min(i, shades.length - 1)];
  });
}

/** Horizontal bars: categories on the y axis, the first at the top. */
function horizontalBars(categories: readonly string[], series: readonly BarSeries[], valueName: string): EChartsOption {
  return {
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0, type: "scroll" },
    grid: { left: 8, right: 24, top: 36, bottom: 8 },
    xAxis: { type: "value", name: valueName, nameLocation: "middle", nameGap: 24 },
    yAxis: { type: "category", inverse: true, data: [...categories] },
    series: series.map((s) => ({
      type: "bar",
      name: s.name,
      data: s.data,
      ...(s.stack ? { stack: s.stack } : {}),
      ...(s.color ? { itemStyle: { color: s.color } } : {}),
      ...(s.labels ? { label: { show: true, position: "right" } } : {}),
    })),
  };
}

const barHeight = (categories: number, barsEach: number): number =>
  Math.max(240, 80 + categories * Math.max(22, 10 * barsEach + 8));

/**
 * The onboarding funnel: distinct applications per step and status, steps in funnel order (the most
 * onboardings first) within each day; with more than one day, each category names its day.
 */
export function funnelChart(rows: readonly FunnelRow[]): ReportChart {
  const days = unique(rows.map((r) => r.event_date)).sort();
  const statuses = byTotal(
    rows,
    (r) => label(r.onboarding_status),
    (r) => r.onboardings,
  );
  const keys: { day: string; step: string; category: string }[] = [];
  for (const day of days) {
    // A step's most frequent status stands for how many reached it (a sum would count an onboarding twice).
    const steps = byTotal(
      rows.filter((r) => r.event_date === day),
      (r) => r.onboarding_step,
      (r) => r.onboardings,
      true,
    );
    for (const step of steps) keys.push({ day, step, category: days.length > 1 ? `${day} ${step}` : step });
  }
  const value = (day: string, step: string, status: string): number =>
    rows.find((r) => r.event_date === day && r.onboarding_step === step && label(r.onboarding_status) === status)
      ?.onboardings ?? 0;
  return {
    id: "funnel",
    title: "Onboarding funnel by day and step",
    source: "bi.onboarding_funnel",
    note: "Distinct onboarding applications at each step, by the status they reached there.",
    option:
      rows.length === 0
        ? null
        : horizontalBars(
            keys.map((k) => k.category),
            statuses.map((s) => ({
              name: s,
              data: keys.map((k) => value(k.day, k.step, s)),
              ...(STATUS_COLORS[s] ? { color: STATUS_COLORS[s] } : {}),
            })),
            "onboardings",
          ),
    height: barHeight(keys.length, statuses.length),
  };
}

/** `2025-06-02T10:00:00.000Z` → `2025-06-02 10:00` (UTC, as stored). */
export function hourLabel(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}:${m[3]}` : iso;
}

/** Events per hour, stacked by source (the largest source at the bottom of each bar). */
export function eventsByHourChart(rows: readonly HourRow[]): ReportChart {
  const hours = unique(rows.map((r) => r.event_hour)).sort();
  const sources = byTotal(
    rows,
    (r) => label(r.source),
    (r) => r.events,
  );
  const value = (hour: string, source: string): number =>
    rows.find((r) => r.event_hour === hour && label(r.source) === source)?.events ?? 0;
  return {
    id: "events-by-hour",
    title: "Events per hour by source",
    source: "bi.events_by_hour",
    note: "Log events per hour of event time (UTC), stacked by the source that wrote them.",
    option:
      rows.length === 0
        ? null
        : {
            animation: false,
            tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
            legend: { top: 0 },
            grid: { left: 8, right: 24, top: 36, bottom: 24 },
            xAxis: { type: "category", data: hours.map(hourLabel) },
            yAxis: { type: "value", name: "events" },
            series: sources.map((s) => ({
              type: "bar",
              name: s,
              stack: "events",
              data: hours.map((h) => value(h, s)),
            })),
          },
    height: 320,
  };
}

function lambdaCategories(rows: readonly LambdaRow[]): string[] {
  const multiDay = unique(rows.map((r) => r.event_date)).length > 1;
  return rows.map((r) => (multiDay ? `${r.event_date} ${label(r.service)}` : label(r.service)));
}

/** Lambda duration percentiles per function (and day, with more than one). */
export function lambdaDurationChart(rows: readonly LambdaRow[]): ReportChart {
  const sorted = [...rows].sort((a, b) => (b.p95_duration_ms ?? 0) - (a.p95_duration_ms ?? 0));
  return {
    id: "lambda-duration",
    title: "Lambda duration p50 / p95 by function",
    source: "bi.lambda_performance",
    note: "Median and 95th percentile of the REPORT duration per function and day, in milliseconds; slowest first.",
    option:
      rows.length === 0
        ? null
        : horizontalBars(
            lambdaCategories(sorted),
            [
              { name: "p50 ms", data: sorted.map((r) => round1(r.p50_duration_ms)) },
              { name: "p95 ms", data: sorted.map((r) => round1(r.p95_duration_ms)) },
            ],
            "milliseconds",
          ),
    height: barHeight(rows.length, 2),
  };
}

/** Failed invocations per function (timeouts included), each bar labelled with its count. */
export function lambdaFailuresChart(rows: readonly LambdaRow[]): ReportChart {
  const sorted = [...rows].sort((a, b) => b.failed_invocations - a.failed_invocations);
  return {
    id: "lambda-failures",
    title: "Failed Lambda invocations by function",
    source: "bi.lambda_performance",
    note: "Invocations that ended in an error or a timeout, per function and day; the most failures first.",
    option:
      rows.length === 0
        ? null
        : horizontalBars(
            lambdaCategories(sorted),
            [{ name: "failed invocations", data: sorted.map((r) => r.failed_invocations), labels: true }],
            "failed invocations",
          ),
    height: barHeight(rows.length, 1),
  };
}

/** API requests per route, stacked by status code; the busiest route first. */
export function apiStatusChart(rows: readonly ApiStatusRow[]): ReportChart {
  const route = (r: ApiStatusRow): string => `${label(r.http_method)} ${label(r.http_route)} (${label(r.service)})`;
  const status = (r: ApiStatusRow): string => (r.http_status === null ? "no status" : String(r.http_status));
  const routes = byTotal(rows, route, (r) => r.requests);
  const statuses = unique(rows.map(status)).sort();
  const colors = httpStatusColors(statuses);
  const value = (rt: string, st: string): number =>
    rows.filter((r) => route(r) === rt && status(r) === st).reduce((n, r) => n + r.requests, 0);
  return {
    id: "api-status",
    title: "API status codes per route",
    source: "bi.api_requests",
    note: "Requests in the API Gateway access logs per method, route and API (id/stage), stacked by status code.",
    option:
      rows.length === 0
        ? null
        : horizontalBars(
            routes,
            statuses.map((s, i) => ({
              name: s,
              stack: "requests",
              data: routes.map((rt) => value(rt, s)),
              ...(colors[i] ? { color: colors[i] } : {}),
            })),
            "requests",
          ),
    height: barHeight(routes.length, 1),
  };
}

/** Cuts `text` to `max` characters with an ellipsis (error kinds can be long sentences). */
export function shorten(text: string, max = 70): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The most frequent error kinds, by service; the rows come sorted and limited by the query. */
export function topErrorsChart(rows: readonly ErrorRow[]): ReportChart {
  return {
    id: "top-errors",
    title: "Top errors",
    source: "bi.errors_by_service_day",
    note: "Error events (level ERROR/FATAL or an error type) per service and error kind, over every day loaded.",
    option:
      rows.length === 0
        ? null
        : horizontalBars(
            rows.map((r) => `${label(r.service)}: ${shorten(label(r.error_kind))}`),
            [{ name: "error events", data: rows.map((r) => r.error_events) }],
            "error events",
          ),
    height: barHeight(rows.length, 1),
  };
}
