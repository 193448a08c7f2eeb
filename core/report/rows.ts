/**
 * Query rows (column name → JSON-safe value, as the read-only query session yields them) read into the typed
 * rows the chart builders take. Counts beyond 2^53 arrive as text and become numbers: a chart needs no more digits.
 */
import type { ApiStatusRow, ErrorRow, FunnelRow, HourRow, LambdaRow } from "./charts.js";

/** A row by column name. */
export type QueryRow = Readonly<Record<string, unknown>>;

/** A value the report cannot read (a view whose columns changed type). */
export class ReportRowError extends Error {
  override readonly name = "ReportRowError";
}

function numberOrNull(row: QueryRow, column: string): number | null {
  const v = row[column];
  if (v === null || v === undefined) return null;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw new ReportRowError(`column ${column} holds ${JSON.stringify(v)}, not a number`);
  return n;
}

const count = (row: QueryRow, column: string): number => numberOrNull(row, column) ?? 0;

function textOrNull(row: QueryRow, column: string): string | null {
  const v = row[column];
  if (v === null || v === undefined) return null;
  return typeof v === "string" ? v : String(v);
}

const text = (row: QueryRow, column: string): string => textOrNull(row, column) ?? "";

/** bi.onboarding_funnel rows. */
export const funnelRows = (rows: readonly QueryRow[]): FunnelRow[] =>
  rows.map((r) => ({
    event_date: text(r, "event_date"),
    onboarding_step: text(r, "onboarding_step"),
    onboarding_status: textOrNull(r, "onboarding_status"),
    onboardings: count(r, "onboardings"),
  }));

/** bi.events_by_hour rows. */
export const hourRows = (rows: readonly QueryRow[]): HourRow[] =>
  rows.map((r) => ({ event_hour: text(r, "event_hour"), source: textOrNull(r, "source"), events: count(r, "events") }));

/** bi.lambda_performance rows. */
export const lambdaRows = (rows: readonly QueryRow[]): LambdaRow[] =>
  rows.map((r) => ({
    event_date: text(r, "event_date"),
    service: textOrNull(r, "service"),
    invocations: count(r, "invocations"),
    failed_invocations: count(r, "failed_invocations"),
    p50_duration_ms: numberOrNull(r, "p50_duration_ms"),
    p95_duration_ms: numberOrNull(r, "p95_duration_ms"),
  }));

/** bi.api_requests rows summed over days. */
export const apiStatusRows = (rows: readonly QueryRow[]): ApiStatusRow[] =>
  rows.map((r) => ({
    service: textOrNull(r, "service"),
    http_method: textOrNull(r, "http_method"),
    http_route: textOrNull(r, "http_route"),
    http_status: numberOrNull(r, "http_status"),
    requests: count(r, "requests"),
  }));

/** bi.errors_by_service_day rows summed over days. */
export const errorRows = (rows: readonly QueryRow[]): ErrorRow[] =>
  rows.map((r) => ({
    source: textOrNull(r, "source"),
    service: textOrNull(r, "service"),
    error_kind: textOrNull(r, "error_kind"),
    error_events: count(r, "error_events"),
  }));

/** The header query's one row. */
export function headerCounts(row: QueryRow | undefined): {
  events: number;
  onboardings: number;
  firstEvent: string | null;
  lastEvent: string | null;
  objectsLoaded: number;
  errorEvents: number;
} {
  const r = row ?? {};
  return {
    events: count(r, "events"),
    onboardings: count(r, "onboardings"),
    firstEvent: textOrNull(r, "first_event"),
    lastEvent: textOrNull(r, "last_event"),
    objectsLoaded: count(r, "objects_loaded"),
    errorEvents: count(r, "error_events"),
  };
}
