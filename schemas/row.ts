/**
 * The `log_events` row: the zod schema is generated from the column catalog, so the two cannot drift.
 */
import { z } from "zod";
import { type ColumnSpec, LOG_EVENTS_COLUMN_NAMES, LOG_EVENTS_COLUMNS, type LogEventsColumn } from "./catalog.js";

/**
 * Timestamps travel as `YYYY-MM-DD HH:MM:SS.mmm` (UTC): the `java.sql.Timestamp::valueOf` form that
 * Firehose's JSON deserializers parse by default, and that DuckDB and Redshift read as TIMESTAMP.
 */
export const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

/** The value type of one column: its closed set of values, text, or a number. */
type ColumnValue<C extends LogEventsColumn> = C extends { readonly values: readonly (infer V)[] }
  ? V
  : C["type"] extends "string" | "timestamp"
    ? string
    : number;

/** One row of `log_events`, derived from the catalog: keys are the column names, in no particular order. */
export type LogEventRow = {
  -readonly [C in LogEventsColumn as C["name"]]: C["nullable"] extends false ? ColumnValue<C> : ColumnValue<C> | null;
};

/** The columns every row has (the catalog's `required` ones). */
export type RequiredColumn = Extract<LogEventsColumn, { readonly nullable: false }>["name"];

const byteLength = (value: string): number => Buffer.byteLength(value, "utf8");

function columnSchema(col: ColumnSpec): z.ZodType {
  let schema: z.ZodType;
  switch (col.type) {
    case "string": {
      const text: z.ZodType<string> = col.values ? z.enum(col.values as [string, ...string[]]) : z.string();
      const max = col.maxBytes;
      schema = max === undefined ? text : text.refine((v) => byteLength(v) <= max, `${col.name} exceeds ${max} bytes`);
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

/** "00.000" … "59.999": seconds and milliseconds of a minute, so a timestamp is one concatenation. */
const SECOND_MILLIS = Array.from(
  { length: 60_000 },
  (_, i) => `${String(Math.floor(i / 1000)).padStart(2, "0")}.${String(i % 1000).padStart(3, "0")}`,
);
let lastMinute = Number.NaN;
let lastPrefix = "";

/**
 * Formats epoch milliseconds as the row timestamp form (UTC). The `YYYY-MM-DD HH:MM:` part is
 * cached per minute (events of a payload are close in time): this runs once per event.
 * @throws RangeError for instants a Date cannot hold.
 */
export function formatRowTimestamp(epochMs: number): string {
  const ms = Math.floor(epochMs);
  const minute = Math.floor(ms / 60_000);
  if (minute !== lastMinute) {
    lastPrefix = new Date(minute * 60_000).toISOString().replace("T", " ").slice(0, 17);
    lastMinute = minute;
  }
  return lastPrefix + (SECOND_MILLIS[ms - minute * 60_000] as string);
}

/**
 * A row as it travels in Firehose records: columns whose value is null are left out (the JSON
 * deserializers and DuckDB's read_json read a missing key as NULL), which halves the bytes.
 */
export type CompactRow = { [K in keyof LogEventRow]?: LogEventRow[K] | undefined } & Pick<LogEventRow, RequiredColumn>;

/** Fills the columns a compact row leaves out with null, in catalog order. */
export function expandRow(compact: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const name of LOG_EVENTS_COLUMN_NAMES) row[name] = compact[name] ?? null;
  for (const key of Object.keys(compact)) if (!(key in row)) row[key] = compact[key]; // kept so validation rejects it
  return row;
}
