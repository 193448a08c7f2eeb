/**
 * Assembles one `log_events` row from a parsed event: origin, masking, business fields, and
 * every string cut to its catalog width so Redshift's COPY never rejects a row.
 */
import { LOG_EVENTS_COLUMNS, MAX_VARCHAR_BYTES } from "../schemas/catalog.js";
import type { CloudWatchLogEvent } from "../schemas/cloudwatch.js";
import { formatRowTimestamp, type LogEventRow } from "../schemas/row.js";
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

/** Builds the row of one log event. Pure apart from the masker's keyed hash. */
export function buildRow(event: CloudWatchLogEvent, parsed: ParsedEvent, ctx: RowContext): LogEventRow {
  const business = extractBusinessFields(parsed.structured, ctx.rules);
  const masker = ctx.masker;
  return {
    event_id: cut("event_id", event.id),
    event_time: formatRowTimestamp(event.timestamp),
    ingest_time: ctx.ingestTime,
    account_id: cut("account_id", ctx.accountId),
    log_group: cut("log_group", ctx.logGroup),
    log_stream: cut("log_stream", ctx.logStream),
    source: ctx.origin.source,
    log_format: parsed.log_format,
    service: opt("service", parsed.service ?? ctx.origin.service),
    level: parsed.level ?? null,
    request_id: opt("request_id", parsed.request_id),
    trace_id: opt("trace_id", parsed.trace_id),
    message: truncateUtf8(masker.maskText(parsed.message), MAX_VARCHAR_BYTES),
    duration_ms: num(parsed.duration_ms),
    billed_duration_ms: num(parsed.billed_duration_ms),
    init_duration_ms: num(parsed.init_duration_ms),
    memory_size_mb: int(parsed.memory_size_mb),
    max_memory_used_mb: int(parsed.max_memory_used_mb),
    http_method: opt("http_method", parsed.http_method),
    // Routes are paths and can carry personal data (/applicants/{email}): mask like text.
    http_route: parsed.http_route ? cut("http_route", masker.maskText(parsed.http_route)) : null,
    http_status: int(parsed.http_status),
    response_bytes: num(parsed.response_bytes) === null ? null : Math.trunc(parsed.response_bytes as number),
    client_ip: masker.maskClientIp(parsed.client_ip),
    sfn_execution_arn: opt("sfn_execution_arn", parsed.sfn_execution_arn),
    sfn_event_type: opt("sfn_event_type", parsed.sfn_event_type),
    sfn_state_name: opt("sfn_state_name", parsed.sfn_state_name),
    error_type: opt("error_type", parsed.error_type),
    onboarding_id: opt("onboarding_id", business.onboarding_id && masker.maskText(business.onboarding_id)),
    onboarding_step: opt("onboarding_step", business.onboarding_step),
    onboarding_status: opt("onboarding_status", business.onboarding_status),
    attributes: attributesJson(business.rest, masker),
  };
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
const opt = (column: string, value: string | null | undefined): string | null =>
  value === null || value === undefined || value === "" ? null : cut(column, value);
const num = (value: number | null | undefined): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;
const int = (value: number | null | undefined): number | null =>
  typeof value === "number" && Number.isInteger(value) && Math.abs(value) <= 2_147_483_647 ? value : null;
