/**
 * The `log_events` column catalog: the single source of truth for the row schema.
 *
 * The zod row schema, the Glue table (and so Firehose's Parquet schema), the Redshift DDL and
 * the local DuckDB DDL are all generated from this list. Redshift's Parquet COPY maps columns
 * by POSITION, so the order here is a contract: append new columns at the end, never reorder.
 */

/** Logical column types; each generated form maps them to its own type names. */
export type LogicalType = "string" | "timestamp" | "double" | "int" | "bigint";

/** One column of `log_events`. */
export interface ColumnSpec {
  /** snake_case column name (contract with BI: never rename). */
  readonly name: string;
  readonly type: LogicalType;
  /** For strings: the widest value in bytes (Redshift VARCHAR width). Values are cut to fit. */
  readonly maxBytes?: number;
  /** false only for columns every row has. */
  readonly nullable: boolean;
  /** For strings with a closed set of values (source, log_format, level): the values. */
  readonly values?: readonly string[];
  readonly description: string;
}

/** Redshift's VARCHAR ceiling; the message column is cut to fit it. */
export const MAX_VARCHAR_BYTES = 65_535;

/** The values a `source` column may hold. */
export const SOURCES = ["lambda", "apigateway", "stepfunctions", "other"] as const;
export type Source = (typeof SOURCES)[number];

/** The values a `log_format` column may hold. */
export const LOG_FORMATS = [
  "lambda_platform",
  "lambda_console",
  "lambda_json",
  "powertools",
  "emf",
  "apigw_access",
  "apigw_execution",
  "stepfunctions",
  "text",
] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The values a `level` column may hold. */
export const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const;
export type Level = (typeof LEVELS)[number];

// The builders keep each column's name, type and nullability as literal types, so the row types
// below are derived from this one list: adding a column here adds it to every row type.
const s = <const N extends string>(name: N, maxBytes: number, description: string) =>
  ({ name, type: "string", maxBytes, nullable: true, description }) as const;
const e = <const N extends string, const V extends readonly string[]>(
  name: N,
  maxBytes: number,
  values: V,
  description: string,
) => ({ name, type: "string", maxBytes, values, nullable: true, description }) as const;
const c = <const N extends string, const T extends Exclude<LogicalType, "string">>(
  name: N,
  type: T,
  description: string,
) => ({ name, type, nullable: true, description }) as const;
/** Marks a column every row has. */
const required = <const C extends ColumnSpec>(col: C): Omit<C, "nullable"> & { readonly nullable: false } => ({
  ...col,
  nullable: false,
});

/** The columns of `log_events`, in their contractual order, with their literal types. */
export const COLUMNS = [
  required(s("event_id", 64, "CloudWatch Logs event id (56 digits); the dedupe key")),
  required(c("event_time", "timestamp", "The log event's timestamp (UTC); the sort key")),
  required(c("ingest_time", "timestamp", "Firehose approximateArrivalTimestamp (UTC)")),
  required(s("account_id", 12, "AWS account that owns the log group")),
  required(s("log_group", 512, "CloudWatch Logs log group name")),
  required(s("log_stream", 512, "CloudWatch Logs log stream name")),
  required(e("source", 16, SOURCES, "lambda, apigateway, stepfunctions, other")),
  required(
    e(
      "log_format",
      32,
      LOG_FORMATS,
      "lambda_platform, lambda_console, lambda_json, powertools, emf, apigw_access, apigw_execution, stepfunctions, text",
    ),
  ),
  s("service", 256, "Lambda function name, API id/stage, state machine name"),
  e("level", 8, LEVELS, "DEBUG, INFO, WARN, ERROR, FATAL, TRACE"),
  s("request_id", 128, "Lambda or API request id"),
  s("trace_id", 128, "X-Ray trace id"),
  required(s("message", MAX_VARCHAR_BYTES, "The event text after masking, cut to fit 65,535 bytes")),
  c("duration_ms", "double", "Lambda REPORT / platform.report duration"),
  c("billed_duration_ms", "double", "Lambda REPORT / platform.report billed duration"),
  c("init_duration_ms", "double", "Lambda REPORT / platform.report init duration (cold starts)"),
  c("memory_size_mb", "int", "Lambda configured memory"),
  c("max_memory_used_mb", "int", "Lambda max memory used"),
  s("http_method", 16, "API access logs: httpMethod"),
  s("http_route", 1024, "API access logs: routeKey or resourcePath"),
  c("http_status", "int", "API access logs: status"),
  c("response_bytes", "bigint", "API access logs: responseLength"),
  s("client_ip", 64, "API access logs: client IP masked to its /24 (IPv4) or /48 (IPv6)"),
  s("sfn_execution_arn", 2048, "Step Functions execution ARN"),
  s("sfn_event_type", 64, "Step Functions history event type"),
  s("sfn_state_name", 256, "Step Functions state name"),
  s("error_type", 256, "errorType, Task timed out, Runtime.* and the like"),
  s("onboarding_id", 128, "Business field from structured logs: onboarding application id"),
  s("onboarding_step", 128, "Business field from structured logs: onboarding step"),
  s("onboarding_status", 64, "Business field from structured logs: onboarding status"),
  s("attributes", MAX_VARCHAR_BYTES, "The remaining structured fields as JSON (masked)"),
] as const satisfies readonly ColumnSpec[];

/** One column of the catalog, with its literal name and types. */
export type LogEventsColumn = (typeof COLUMNS)[number];
/** The name of a `log_events` column. */
export type ColumnName = LogEventsColumn["name"];

/** The columns of `log_events`, in their contractual order. */
export const LOG_EVENTS_COLUMNS: readonly ColumnSpec[] = COLUMNS;

/** Column names in catalog order. */
export const LOG_EVENTS_COLUMN_NAMES: readonly ColumnName[] = COLUMNS.map((col) => col.name);

/** Partition columns of the lake (hive style: dt=YYYY-MM-DD/hour=HH), by EVENT time. */
export const PARTITION_COLUMNS = [
  { name: "dt", type: "string", description: "Event date, YYYY-MM-DD" },
  { name: "hour", type: "string", description: "Event hour, HH" },
] as const;

/** The catalog width in bytes of a string column. @throws Error for a column without one. */
export function columnWidth(name: string): number {
  const width = LOG_EVENTS_COLUMNS.find((col) => col.name === name)?.maxBytes;
  if (width === undefined) throw new Error(`column ${name} has no width`);
  return width;
}
