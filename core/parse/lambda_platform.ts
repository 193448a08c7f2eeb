/**
 * Lambda platform lines in the text log format: START / END / REPORT, INIT_START, INIT_REPORT,
 * RESTORE_*, EXTENSION, LOGS, TELEMETRY, and the runtime's `Task timed out after N seconds` line.
 *
 * Shapes: AWS Lambda docs "Monitoring and troubleshooting Lambda functions" (REPORT fields),
 * "Lambda Telemetry API" (INIT_REPORT / EXTENSION / LOGS), and captured CloudWatch lines
 * (the old `Billed Duration: N ms \t` with a space; a second `XRAY TraceId:` line on REPORT).
 */
import type { Level } from "../../schemas/catalog.js";
import type { ParsedEvent } from "./types.js";
import { integerFrom, numberFrom } from "./util.js";

/** Line prefixes this parser owns; `index.ts` checks them before calling {@link parsePlatformLine}. */
export const PLATFORM_PREFIXES = [
  "START RequestId: ",
  "END RequestId: ",
  "REPORT RequestId: ",
  "INIT_START ",
  "INIT_REPORT ",
  "INIT_RUNTIME_DONE ",
  "RESTORE_START ",
  "RESTORE_REPORT ",
  "EXTENSION\t",
  "LOGS\t",
  "TELEMETRY\t",
] as const;

const TIMED_OUT = " Task timed out after ";
/**
 * error_type of an invocation that hit its timeout: the `errorType` Lambda's JSON log format writes on
 * such a platform.report. A text REPORT says only `Status: timeout`, so both formats map to this one value.
 */
export const TIMEOUT_ERROR_TYPE = "Sandbox.Timedout";
const ISO_LENGTH = 24;

/**
 * Parses a platform line that starts with one of {@link PLATFORM_PREFIXES}.
 * `Key: Value` fields are split on tabs and newlines; durations and sizes go to their columns,
 * every other field (Version, Phase, Status, Runtime Version, Name, State…) goes to `structured`
 * under a snake_case key. A failed Status makes the line ERROR with its Error Type; `Status: timeout`
 * without one gets {@link TIMEOUT_ERROR_TYPE}.
 */
export function parsePlatformLine(text: string, prefix: string): ParsedEvent {
  const event: ParsedEvent = { log_format: "lambda_platform", message: text, level: "INFO" };
  let structured: Record<string, string> | null = null;
  let start = prefix.length;
  if (prefix.endsWith("RequestId: ")) {
    // START puts "Version:" after a SPACE, not a tab; END may carry trailing blanks.
    const stop = firstBlank(text, start);
    event.request_id = stop > start ? text.slice(start, stop) : null;
    start = stop;
  }
  let status: string | null = null;
  // Walks the fields in place (no split array, no regex): this runs for every invocation's lines.
  // The next ": " is searched again only once passed, so a line of many fields stays linear.
  let colon = -2;
  while (start < text.length) {
    const end = fieldEnd(text, start);
    if (colon !== -1 && colon < start) colon = text.indexOf(": ", start);
    if (colon > start && colon < end) {
      const key = text.slice(start, colon).trim();
      const value = text.slice(colon + 2, end).trim();
      if (key === "Status") status = value;
      if (!mapColumn(event, key, value)) {
        structured ??= {};
        structured[snakeKey(key)] = value;
      }
    }
    start = end + 1;
  }
  if (status !== null && status !== "success") event.level = "ERROR";
  // A timed-out invocation is a failed one (bi.lambda_performance counts error_type), with or without Error Type.
  if (status === "timeout") event.error_type ??= TIMEOUT_ERROR_TYPE;
  if (structured !== null) event.structured = structured;
  return event;
}

/** Puts a field that has a column into it; false for fields that belong in structured. */
function mapColumn(event: ParsedEvent, key: string, value: string): boolean {
  switch (key) {
    case "Duration":
      event.duration_ms = numberFrom(value);
      return true;
    case "Billed Duration":
      event.billed_duration_ms = numberFrom(value);
      return true;
    case "Init Duration":
      event.init_duration_ms = numberFrom(value);
      return true;
    case "Memory Size":
      event.memory_size_mb = integerFrom(value);
      return true;
    case "Max Memory Used":
      event.max_memory_used_mb = integerFrom(value);
      return true;
    case "XRAY TraceId":
      event.trace_id = value || null;
      return true;
    case "Error Type":
      event.error_type = value || null;
      return true;
    default:
      return false;
  }
}

/**
 * Parses `<iso time> <requestId> Task timed out after N.NN seconds` (space separated, sometimes
 * followed by blank lines); null when the text is not such a line.
 */
export function parseTimeoutLine(text: string): ParsedEvent | null {
  const at = text.indexOf(TIMED_OUT, ISO_LENGTH);
  // The request id (36-character UUID) sits between the time and the phrase; allow a little slack.
  if (at < ISO_LENGTH + 2 || at > ISO_LENGTH + 80 || text.charCodeAt(ISO_LENGTH) !== 32) return null;
  const requestId = text.slice(ISO_LENGTH + 1, at);
  if (requestId.indexOf(" ") >= 0) return null;
  const level: Level = "ERROR";
  return {
    log_format: "lambda_platform",
    // The time and request id have their own columns; the human part is the phrase.
    message: text.slice(at + 1).trimEnd(),
    level,
    request_id: requestId === "undefined" ? null : requestId,
    error_type: "Task timed out",
  };
}

function firstBlank(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9 || c === 10 || c === 32) return i;
  }
  return text.length;
}

// Tabs separate fields and "\n" separates REPORT from its XRAY line. START's " Version: …" needs no
// split of its own: keys are trimmed.
function fieldEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9 || c === 10) return i;
  }
  return text.length;
}

/** "Runtime Version ARN" → "runtime_version_arn", "SegmentId" → "segment_id". */
function snakeKey(key: string): string {
  let out = "";
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 32) out += "_";
    else if (c >= 65 && c <= 90) {
      const prev = i > 0 ? key.charCodeAt(i - 1) : 32;
      if (prev >= 97 && prev <= 122) out += "_";
      out += String.fromCharCode(c + 32);
    } else out += key[i];
  }
  return out;
}
