/**
 * What a per-format parser sees and returns. Parsers are pure: no I/O, no masking (masking runs
 * afterwards over `message` and `structured`), no row assembly.
 */
import type { ColumnName, LogFormat, Source } from "../../schemas/catalog.js";
import type { LogEventRow } from "../../schemas/row.js";

/** Where an event came from, derived from its log group (and stream). */
export interface Origin {
  readonly source: Source;
  /** Lambda function name, API id/stage, state machine name; null when the group tells nothing. */
  readonly service: string | null;
}

/**
 * Columns a parser never fills: the payload's and the record's own (ids, times, origin), the
 * masked `message`, and what business rules derive from `structured` afterwards.
 */
type NotParsedColumn =
  | "event_id"
  | "event_time"
  | "ingest_time"
  | "account_id"
  | "log_group"
  | "log_stream"
  | "source"
  | "log_format"
  | "message"
  | "onboarding_id"
  | "onboarding_step"
  | "onboarding_status"
  | "attributes";

/**
 * The catalog columns a parser can fill, each optional, typed as the row types it: a column added
 * to the catalog appears here. `service` overrides the origin's when the line names it better
 * (Powertools `service`, EMF); `client_ip` is the IP exactly as logged (masked to /24 or /48 later).
 */
export type ParsedColumns = { [K in Exclude<ColumnName, NotParsedColumn>]?: LogEventRow[K] | null };

/** What a parser returns: the format, the text, the columns it could fill and the remaining structure. */
export interface ParsedEvent extends ParsedColumns {
  log_format: LogFormat;
  /** Human-readable text for the `message` column (unmasked here; trailing newline removed). */
  message: string;
  /**
   * Remaining structured fields (JSON object) not mapped to a column: the source of business
   * fields (onboarding_id/step/status rules) and of the `attributes` column. null for plain text.
   */
  structured?: Record<string, unknown> | null;
}
