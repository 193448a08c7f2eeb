/**
 * What a per-format parser sees and returns. Parsers are pure: no I/O, no masking (masking runs
 * afterwards over `message` and `structured`), no row assembly.
 */
import type { Level, LogFormat, Source } from "../../schemas/catalog.js";

/** One CloudWatch Logs event with the payload fields around it. */
export interface LogEventInput {
  /** The raw event text exactly as CloudWatch delivered it (may end in "\n", may hold "\r" or inner "\n"). */
  readonly message: string;
  /** Event timestamp, epoch ms. */
  readonly timestamp: number;
  readonly logGroup: string;
  readonly logStream: string;
}

/** Where an event came from, derived from its log group (and stream). */
export interface Origin {
  readonly source: Source;
  /** Lambda function name, API id/stage, state machine name; null when the group tells nothing. */
  readonly service: string | null;
}

/** The catalog fields a parser can fill; everything optional except the format and message. */
export interface ParsedEvent {
  log_format: LogFormat;
  /** Human-readable text for the `message` column (unmasked here; trailing newline removed). */
  message: string;
  level?: Level | null;
  request_id?: string | null;
  trace_id?: string | null;
  /** Overrides the origin's service when the line names it better (Powertools `service`, EMF). */
  service?: string | null;
  duration_ms?: number | null;
  billed_duration_ms?: number | null;
  init_duration_ms?: number | null;
  memory_size_mb?: number | null;
  max_memory_used_mb?: number | null;
  http_method?: string | null;
  http_route?: string | null;
  http_status?: number | null;
  response_bytes?: number | null;
  /** Client IP exactly as logged; masking to /24 or /48 happens later. */
  client_ip?: string | null;
  sfn_execution_arn?: string | null;
  sfn_event_type?: string | null;
  sfn_state_name?: string | null;
  error_type?: string | null;
  /**
   * Remaining structured fields (JSON object) not mapped to a column: the source of business
   * fields (onboarding_id/step/status rules) and of the `attributes` column. null for plain text.
   */
  structured?: Record<string, unknown> | null;
}
