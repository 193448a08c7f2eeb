/**
 * The `log_events` row: the zod schema is generated from the column catalog, so the two cannot drift.
 */
import { z } from "zod";
import {
  type ColumnSpec,
  LEVELS,
  type Level,
  LOG_EVENTS_COLUMN_NAMES,
  LOG_EVENTS_COLUMNS,
  LOG_FORMATS,
  type LogFormat,
  SOURCES,
  type Source,
} from "./catalog.js";

/**
 * Timestamps travel as `YYYY-MM-DD HH:MM:SS.mmm` (UTC): the `java.sql.Timestamp::valueOf` form that
 * Firehose's JSON deserializers parse by default, and that DuckDB and Redshift read as TIMESTAMP.
 */
export const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

/** One row of `log_events`. Keys equal the catalog's column names (a test checks it). */
export interface LogEventRow {
  event_id: string;
  event_time: string;
  ingest_time: string;
  account_id: string;
  log_group: string;
  log_stream: string;
  source: Source;
  log_format: LogFormat;
  service: string | null;
  level: Level | null;
  request_id: string | null;
  trace_id: string | null;
  message: string;
  duration_ms: number | null;
  billed_duration_ms: number | null;
  init_duration_ms: number | null;
  memory_size_mb: number | null;
  max_memory_used_mb: number | null;
  http_method: string | null;
  http_route: string | null;
  http_status: number | null;
  response_bytes: number | null;
  client_ip: string | null;
  sfn_execution_arn: string | null;
  sfn_event_type: string | null;
  sfn_state_name: string | null;
  error_type: string | null;
  onboarding_id: string | null;
  onboarding_step: string | null;
  onboarding_status: string | null;
  attributes: string | null;
}

const byteLength = (value: string): number => Buffer.byteLength(value, "utf8");

function columnSchema(col: ColumnSpec): z.ZodType {
  let schema: z.ZodType;
  switch (col.type) {
    case "string": {
      let str = z.string();
      if (col.name === "source") str = z.enum(SOURCES) as unknown as z.ZodString;
      else if (col.name === "log_format") str = z.enum(LOG_FORMATS) as unknown as z.ZodString;
      else if (col.name === "level") str = z.enum(LEVELS) as unknown as z.ZodString;
      const max = col.maxBytes;
      schema = max === undefined ? str : str.refine((v) => byteLength(v) <= max, `${col.name} exceeds ${max} bytes`);
      break;
    }
    case "timestamp":
      schema = z.string().regex(TIMESTAMP_PATTERN, `${col.name} must be YYYY-MM-DD HH:MM:SS.mmm`);
      break;
    case "double":
      schema = z.number().finite();
      break;
    case "int":
      schema = z.number().int().min(-2_147_483_648).max(2_147_483_647);
      break;
    case "bigint":
      schema = z.number().int().refine(Number.isSafeInteger, `${col.name} must be a safe integer`);
      break;
  }
  return col.nullable ? schema.nullable() : schema;
}

/** zod schema of a `log_events` row, generated from {@link LOG_EVENTS_COLUMNS}; unknown keys are rejected. */
export const LogEventRowSchema = z.strictObject(
  Object.fromEntries(LOG_EVENTS_COLUMNS.map((col) => [col.name, columnSchema(col)])),
) as unknown as z.ZodType<LogEventRow>;

let lastSecond = Number.NaN;
let lastPrefix = "";

/**
 * Formats epoch milliseconds as the row timestamp form (UTC). Events of one payload share their
 * second, so the date part is cached: this runs once per event on the hot path.
 * @throws RangeError for instants a Date cannot hold.
 */
export function formatRowTimestamp(epochMs: number): string {
  const ms = Math.floor(epochMs);
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastPrefix = new Date(second * 1000).toISOString().replace("T", " ").slice(0, 19);
    lastSecond = second;
  }
  const frac = ms - second * 1000;
  return `${lastPrefix}.${frac < 10 ? "00" : frac < 100 ? "0" : ""}${frac}`;
}

/**
 * A row as it travels in Firehose records: columns whose value is null are left out (the JSON
 * deserializers and DuckDB's read_json read a missing key as NULL), which halves the bytes.
 */
export type CompactRow = { [K in keyof LogEventRow]?: LogEventRow[K] | undefined } & Pick<
  LogEventRow,
  | "event_id"
  | "event_time"
  | "ingest_time"
  | "account_id"
  | "log_group"
  | "log_stream"
  | "source"
  | "log_format"
  | "message"
>;

/** Fills the columns a compact row leaves out with null, in catalog order. */
export function expandRow(compact: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const name of LOG_EVENTS_COLUMN_NAMES) row[name] = compact[name] ?? null;
  for (const key of Object.keys(compact)) if (!(key in row)) row[key] = compact[key]; // kept so validation rejects it
  return row;
}
