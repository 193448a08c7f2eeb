/**
 * Per-format log parsing: one entry point that recognises the format of a CloudWatch Logs event
 * cheaply (first character, fixed prefixes; `JSON.parse` only for text that starts with "{") and
 * hands it to the small parser for that format. Pure, and total: it never throws.
 */
import { isAccessRecord, parseAccessRecord, parseClfLine } from "./apigw_access.js";
import { parseExecutionLine } from "./apigw_execution.js";
import { isEmf, parseEmf } from "./emf.js";
import { parseConsoleLine } from "./lambda_console.js";
import { isAppRecord, isPlatformRecord, parseAppRecord, parsePlatformRecord } from "./lambda_json.js";
import { PLATFORM_PREFIXES, parsePlatformLine, parseTimeoutLine } from "./lambda_platform.js";
import { isPowertools, parsePowertools } from "./powertools.js";
import { isStepFunctionsEvent, parseStepFunctionsEvent } from "./stepfunctions.js";
import { parseGenericJson, parseText } from "./text.js";
import type { ParsedEvent } from "./types.js";
import { type JsonObject, plainObject, stripTrailingNewline } from "./util.js";

export { originOf } from "./origin.js";
export type { Origin, ParsedEvent } from "./types.js";

/**
 * Parses one log event's text into the catalog fields its format carries. Recognition is by
 * content alone, because the same log group holds several formats (a Lambda group has platform,
 * console, Powertools and EMF lines); where the event came from is the row builder's business.
 * Never throws: anything unrecognised, malformed or of the wrong type becomes a `text` event.
 */
export function parseLogEvent(message: string): ParsedEvent {
  let text = "";
  try {
    // A payload from outside may carry a non-string message; it is still an event to keep.
    text = stripTrailingNewline(typeof message === "string" ? message : String(message));
    return dispatch(text);
  } catch {
    // Defensive only: the parsers are written not to throw; a bug must not lose the event.
    return parseText(text);
  }
}

/**
 * The recogniser without the safety net, for tests that must prove the parsers themselves never
 * throw (the catch in {@link parseLogEvent} would otherwise hide a bug). Expects the trailing
 * newline already removed.
 * @internal
 */
export function dispatch(text: string): ParsedEvent {
  const first = text.charCodeAt(0);
  if (first === 123 /* { */) return parseJsonLine(text);
  if (first === 40 /* ( */) return parseExecutionLine(text) ?? parseText(text);
  if (first >= 65 && first <= 90 /* A-Z */) {
    for (const prefix of PLATFORM_PREFIXES) {
      if (text.startsWith(prefix)) return parsePlatformLine(text, prefix);
    }
    // IPv6 client addresses in CLF lines may start with A-F.
    if (first <= 70) return parseClfLine(text) ?? parseText(text);
    return parseText(text);
  }
  if (first >= 48 && first <= 57 /* 0-9 */) {
    if (isIsoTimeAt0(text)) {
      const separator = text.charCodeAt(24);
      if (separator === 9 /* \t */) return parseConsoleLine(text);
      if (separator === 32 /* space */) return parseTimeoutLine(text) ?? parseText(text);
    }
    return parseClfLine(text) ?? parseText(text);
  }
  if ((first >= 97 && first <= 102) /* a-f */ || first === 58 /* : */) return parseClfLine(text) ?? parseText(text);
  if (first === 32 || first === 9 || first === 10 || first === 13) {
    const trimmed = text.trimStart();
    if (trimmed.charCodeAt(0) === 123) return parseJsonLine(trimmed);
  }
  return parseText(text);
}

/** At most one JSON.parse per event: text that is not valid JSON is plain text after all. */
function parseJsonLine(text: string): ParsedEvent {
  let value: JsonObject | null;
  try {
    value = plainObject(JSON.parse(text));
  } catch {
    return parseText(text);
  }
  if (value === null) return parseText(text);
  // Order matters: EMF lines carry Powertools-like keys (service), and a Powertools line with a custom
  // `requestId` key must not pass for a Lambda app record (those never have Powertools' keys).
  if (isEmf(value)) return parseEmf(value);
  if (isPlatformRecord(value)) return parsePlatformRecord(value);
  if (isStepFunctionsEvent(value)) return parseStepFunctionsEvent(value);
  if (isPowertools(value)) return parsePowertools(value);
  if (isAppRecord(value)) return parseAppRecord(value);
  if (isAccessRecord(value)) return parseAccessRecord(value);
  return parseGenericJson(value, text);
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ` at the start: the Node runtime's toISOString() time, 24 characters. */
function isIsoTimeAt0(text: string): boolean {
  return (
    text.length > 24 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(19) === 46 &&
    text.charCodeAt(23) === 90
  );
}
