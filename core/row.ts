/**
 * Assembles one `log_events` row from a parsed event: origin, masking, business fields, and
 * every string cut to its catalog width so Redshift's COPY never rejects a row.
 */
import { type ColumnName, LOG_EVENTS_COLUMNS, type LogEventsColumn, MAX_VARCHAR_BYTES } from "../schemas/catalog.js";
import type { CloudWatchLogEvent } from "../schemas/cloudwatch.js";
import { type CompactRow, formatRowTimestamp, type LogEventRow, type RequiredColumn } from "../schemas/row.js";
import { type BusinessRules, extractBusinessFields } from "./business.js";
import type { Masker } from "./mask/types.js";
import type { Origin, ParsedEvent } from "./parse/types.js";
import { truncateUtf8 } from "./text.js";

/** What every row of one CloudWatch Logs payload shares. */
export interface RowContext {
  /** Already cut to the catalog widths: they are the same for every event of a payload. */
  readonly accountId: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly origin: Origin;
  /** Firehose approximateArrivalTimestamp of the record, already formatted. */
  readonly ingestTime: string;
  readonly masker: Masker;
  readonly rules: BusinessRules;
}

/** The columns with a catalog width (every text column). */
type WidthColumn = Extract<LogEventsColumn, { readonly maxBytes: number }>["name"];

/** Catalog widths by column, read by name (a fixed-shape object keeps these loads fast). */
const WIDTH = Object.fromEntries(
  LOG_EVENTS_COLUMNS.filter((c) => c.maxBytes !== undefined).map((c) => [c.name, c.maxBytes as number]),
) as Readonly<Record<WidthColumn, number>>;

/** Columns every row of one payload shares; serialised once per payload, not once per event. */
type PayloadColumn = "ingest_time" | "account_id" | "log_group" | "log_stream" | "source";

/** The columns of one event that are not shared by its whole payload. */
export type EventColumns = Omit<CompactRow, PayloadColumn>;

/**
 * {@link EventColumns} with every key spelled out (a null column is `undefined`): a column added to
 * the catalog fails to compile here until the row builder fills it.
 */
type AllEventColumns = {
  [K in Exclude<ColumnName, PayloadColumn>]: K extends RequiredColumn
    ? LogEventRow[K]
    : NonNullable<LogEventRow[K]> | undefined;
};

/** `{"ingest_time":…,"source":…` — the shared columns as the opening of a JSON row. */
export function payloadColumnsJson(ctx: RowContext): string {
  const shared: Pick<CompactRow, PayloadColumn> = {
    ingest_time: ctx.ingestTime,
    account_id: ctx.accountId,
    log_group: ctx.logGroup,
    log_stream: ctx.logStream,
    source: ctx.origin.source,
  };
  return JSON.stringify(shared).slice(0, -1);
}

/** One NDJSON row: the payload's shared columns spliced with the event's own (key order is free in JSON). */
export function rowJson(payloadJson: string, columns: EventColumns): string {
  return `${payloadJson},${JSON.stringify(columns).slice(1)}`;
}

/**
 * Builds the event's own columns of its row. Null columns are `undefined` here, which
 * JSON.stringify leaves out (see {@link CompactRow}); one object literal keeps every row the same
 * shape, which matters on this per-event path. Pure apart from the masker's keyed hash.
 */
export function buildEventColumns(event: CloudWatchLogEvent, parsed: ParsedEvent, ctx: RowContext): AllEventColumns {
  const business = extractBusinessFields(parsed.structured, ctx.rules);
  const masker = ctx.masker;
  const route = parsed.http_route ? masker.maskText(parsed.http_route) : undefined;
  const onboardingId = business.onboarding_id ? masker.maskText(business.onboarding_id) : undefined;
  return {
    event_id: truncateUtf8(event.id, WIDTH.event_id),
    event_time: formatRowTimestamp(event.timestamp),
    log_format: parsed.log_format,
    service: fitText(parsed.service ?? ctx.origin.service, WIDTH.service),
    level: parsed.level ?? undefined,
    request_id: fitText(parsed.request_id, WIDTH.request_id),
    trace_id: fitText(parsed.trace_id, WIDTH.trace_id),
    message: truncateUtf8(masker.maskText(parsed.message), MAX_VARCHAR_BYTES),
    duration_ms: finiteNumber(parsed.duration_ms),
    billed_duration_ms: finiteNumber(parsed.billed_duration_ms),
    init_duration_ms: finiteNumber(parsed.init_duration_ms),
    memory_size_mb: int32(parsed.memory_size_mb),
    max_memory_used_mb: int32(parsed.max_memory_used_mb),
    http_method: fitText(parsed.http_method, WIDTH.http_method),
    // Routes are paths and can carry personal data (/applicants/{email}): mask like text.
    http_route: fitText(route, WIDTH.http_route),
    http_status: int32(parsed.http_status),
    response_bytes:
      finiteNumber(parsed.response_bytes) === undefined ? undefined : Math.trunc(parsed.response_bytes as number),
    client_ip: fitText(masker.maskClientIp(parsed.client_ip), WIDTH.client_ip),
    sfn_execution_arn: fitText(parsed.sfn_execution_arn, WIDTH.sfn_execution_arn),
    sfn_event_type: fitText(parsed.sfn_event_type, WIDTH.sfn_event_type),
    sfn_state_name: fitText(parsed.sfn_state_name, WIDTH.sfn_state_name),
    error_type: fitText(parsed.error_type, WIDTH.error_type),
    onboarding_id: fitText(onboardingId, WIDTH.onboarding_id),
    onboarding_step: fitText(business.onboarding_step, WIDTH.onboarding_step),
    onboarding_status: fitText(business.onboarding_status, WIDTH.onboarding_status),
    attributes: attributesJson(business.rest, masker),
  };
}

/**
 * The remaining structured fields as masked JSON. A JSON document cut in the middle is useless
 * to Athena and Redshift's JSON functions, so an oversized one is replaced by a small marker.
 */
function attributesJson(rest: Record<string, unknown> | null, masker: Masker): string | undefined {
  if (!rest) return undefined;
  let empty = true;
  for (const _ in rest) {
    empty = false;
    break;
  }
  if (empty) return undefined;
  const json = JSON.stringify(masker.maskValue(rest));
  if (json.length * 3 <= MAX_VARCHAR_BYTES || Buffer.byteLength(json) <= MAX_VARCHAR_BYTES) return json;
  return JSON.stringify({ _truncated: true, _bytes: Buffer.byteLength(json), _keys: Object.keys(rest).slice(0, 100) });
}

function fitText(value: string | null | undefined, width: number): string | undefined {
  return value === null || value === undefined || value === "" ? undefined : truncateUtf8(value, width);
}
function finiteNumber(value: number | null | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
function int32(value: number | null | undefined): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && Math.abs(value) <= 2_147_483_647 ? value : undefined;
}
