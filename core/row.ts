/**
 * Assembles one `log_events` row from a parsed event: origin, masking, business fields, and
 * every string cut to its catalog width so Redshift's COPY never rejects a row.
 */
import { LOG_EVENTS_COLUMNS, MAX_VARCHAR_BYTES } from "../schemas/catalog.js";
import type { CloudWatchLogEvent } from "../schemas/cloudwatch.js";
import { type CompactRow, formatRowTimestamp } from "../schemas/row.js";
import { type BusinessRules, extractBusinessFields } from "./business.js";
import type { Masker } from "./mask/types.js";
import type { Origin, ParsedEvent } from "./parse/types.js";
import { truncateUtf8 } from "./text.js";

/** What every row of one CloudWatch Logs payload shares. */
export interface RowContext {
  readonly accountId: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly origin: Origin;
  /** Firehose approximateArrivalTimestamp of the record, already formatted. */
  readonly ingestTime: string;
  readonly masker: Masker;
  readonly rules: BusinessRules;
}

const WIDTH: Record<string, number> = Object.fromEntries(
  LOG_EVENTS_COLUMNS.filter((c) => c.maxBytes !== undefined).map((c) => [c.name, c.maxBytes as number]),
);

/**
 * Builds the row of one log event, leaving out null columns (see {@link CompactRow}). Keys are
 * set in catalog order. Pure apart from the masker's keyed hash.
 */
export function buildRow(event: CloudWatchLogEvent, parsed: ParsedEvent, ctx: RowContext): CompactRow {
  const business = extractBusinessFields(parsed.structured, ctx.rules);
  const masker = ctx.masker;
  const row: Record<string, unknown> = {
    event_id: cut("event_id", event.id),
    event_time: formatRowTimestamp(event.timestamp),
    ingest_time: ctx.ingestTime,
    account_id: cut("account_id", ctx.accountId),
    log_group: cut("log_group", ctx.logGroup),
    log_stream: cut("log_stream", ctx.logStream),
    source: ctx.origin.source,
    log_format: parsed.log_format,
  };
  str(row, "service", parsed.service ?? ctx.origin.service);
  if (parsed.level) row.level = parsed.level;
  str(row, "request_id", parsed.request_id);
  str(row, "trace_id", parsed.trace_id);
  row.message = truncateUtf8(masker.maskText(parsed.message), MAX_VARCHAR_BYTES);
  num(row, "duration_ms", parsed.duration_ms);
  num(row, "billed_duration_ms", parsed.billed_duration_ms);
  num(row, "init_duration_ms", parsed.init_duration_ms);
  int(row, "memory_size_mb", parsed.memory_size_mb);
  int(row, "max_memory_used_mb", parsed.max_memory_used_mb);
  str(row, "http_method", parsed.http_method);
  // Routes are paths and can carry personal data (/applicants/{email}): mask like text.
  if (parsed.http_route) str(row, "http_route", masker.maskText(parsed.http_route));
  int(row, "http_status", parsed.http_status);
  if (typeof parsed.response_bytes === "number" && Number.isFinite(parsed.response_bytes)) {
    row.response_bytes = Math.trunc(parsed.response_bytes);
  }
  str(row, "client_ip", masker.maskClientIp(parsed.client_ip));
  str(row, "sfn_execution_arn", parsed.sfn_execution_arn);
  str(row, "sfn_event_type", parsed.sfn_event_type);
  str(row, "sfn_state_name", parsed.sfn_state_name);
  str(row, "error_type", parsed.error_type);
  if (business.onboarding_id) str(row, "onboarding_id", masker.maskText(business.onboarding_id));
  str(row, "onboarding_step", business.onboarding_step);
  str(row, "onboarding_status", business.onboarding_status);
  str(row, "attributes", attributesJson(business.rest, masker));
  return row as CompactRow;
}

/**
 * The remaining structured fields as masked JSON. A JSON document cut in the middle is useless
 * to Athena and Redshift's JSON functions, so an oversized one is replaced by a small marker.
 */
function attributesJson(rest: Record<string, unknown> | null, masker: Masker): string | null {
  if (!rest) return null;
  let empty = true;
  for (const _ in rest) {
    empty = false;
    break;
  }
  if (empty) return null;
  const json = JSON.stringify(masker.maskValue(rest));
  if (json.length * 3 <= MAX_VARCHAR_BYTES || Buffer.byteLength(json) <= MAX_VARCHAR_BYTES) return json;
  return JSON.stringify({ _truncated: true, _bytes: Buffer.byteLength(json), _keys: Object.keys(rest).slice(0, 100) });
}

const cut = (column: string, value: string): string => truncateUtf8(value, WIDTH[column] ?? MAX_VARCHAR_BYTES);

function str(row: Record<string, unknown>, column: string, value: string | null | undefined): void {
  if (value !== null && value !== undefined && value !== "") row[column] = cut(column, value);
}
function num(row: Record<string, unknown>, column: string, value: number | null | undefined): void {
  if (typeof value === "number" && Number.isFinite(value)) row[column] = value;
}
function int(row: Record<string, unknown>, column: string, value: number | null | undefined): void {
  if (typeof value === "number" && Number.isInteger(value) && Math.abs(value) <= 2_147_483_647) row[column] = value;
}
