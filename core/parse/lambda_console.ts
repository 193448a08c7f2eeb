/**
 * Node.js runtime console lines in the text log format: `TIME\tREQUEST_ID\tLEVEL\tmessage`.
 *
 * Shapes: aws/aws-lambda-nodejs-runtime-interface-client `src/LogPatch.js` (text mode writes
 * `${time}\t${requestId}\t${level}\t${msg}\n`; requestId is `undefined` during INIT) and
 * `src/Errors.js` (`Invoke Error \t{json}`: a space, then the tab `toFormatted` adds), plus the
 * nodejs8.10 format without a level (`TIME\tREQID\ttext`) and an old runtime's "\r" line breaks.
 */
import type { Level } from "../../schemas/catalog.js";
import type { ParsedEvent } from "./types.js";
import { errorTypeFromText, nonEmptyString, normaliseLevel, normaliseNewlines, plainObject } from "./util.js";

const ISO_LENGTH = 24;
// Labels the runtime writes before a serialised error; the JSON follows " \t".
const ERROR_LABELS = ["Invoke Error", "Uncaught Exception", "Unhandled Promise Rejection"] as const;
const LEVEL_TOKENS: Readonly<Record<string, Level>> = {
  TRACE: "TRACE",
  DEBUG: "DEBUG",
  INFO: "INFO",
  WARN: "WARN",
  ERROR: "ERROR",
  FATAL: "FATAL",
};

/**
 * Parses a console line whose first 24 characters are an ISO time followed by a tab (the caller
 * checked that). Never throws; the message part keeps its inner newlines ("\r" become "\n").
 */
export function parseConsoleLine(text: string): ParsedEvent {
  const tab2 = text.indexOf("\t", ISO_LENGTH + 1);
  const rawId = tab2 < 0 ? text.slice(ISO_LENGTH + 1) : text.slice(ISO_LENGTH + 1, tab2);
  const event: ParsedEvent = {
    log_format: "lambda_console",
    message: "",
    level: null,
    request_id: rawId === "undefined" || rawId.length === 0 ? null : rawId,
  };
  if (tab2 < 0) return event;
  let rest = text.slice(tab2 + 1);
  const tab3 = rest.indexOf("\t");
  // Level tokens are at most 5 characters; a longer first field is the old no-level format.
  if (tab3 > 0 && tab3 <= 5) {
    const level = LEVEL_TOKENS[rest.slice(0, tab3)];
    if (level !== undefined) {
      event.level = level;
      rest = rest.slice(tab3 + 1);
    }
  }
  rest = normaliseNewlines(rest);
  if (rest.charCodeAt(rest.length - 1) === 125 /* } */) {
    const label = errorLabel(rest);
    if (label !== null) return runtimeError(event, label, rest);
    if (rest.charCodeAt(0) === 123 /* { */) return jsonMessage(event, rest);
  }
  event.message = rest;
  event.error_type = errorTypeFromText(rest);
  return event;
}

function errorLabel(rest: string): string | null {
  for (const label of ERROR_LABELS) {
    if (rest.startsWith(label) && rest.startsWith(" \t{", label.length)) return label;
  }
  return null;
}

/** `Invoke Error \t{"errorType","errorMessage","stack"…}`: error class to error_type, stack kept. */
function runtimeError(event: ParsedEvent, label: string, rest: string): ParsedEvent {
  const parsed = tryParseObject(rest.slice(label.length + 2));
  if (parsed === null) {
    event.message = rest;
    return event;
  }
  const { errorType, errorMessage, ...others } = parsed;
  event.level ??= "ERROR";
  event.error_type = nonEmptyString(errorType);
  const detail = nonEmptyString(errorMessage);
  event.message = detail === null ? label : `${label}: ${detail}`;
  event.structured = { error_label: label, ...others };
  return event;
}

/** A console message that is a JSON object: its fields are structured data; level/message from it. */
function jsonMessage(event: ParsedEvent, rest: string): ParsedEvent {
  const parsed = tryParseObject(rest);
  if (parsed === null) {
    event.message = rest;
    return event;
  }
  const { level, message, ...others } = parsed;
  const mapped = normaliseLevel(level);
  const text = nonEmptyString(message);
  event.level = mapped ?? event.level ?? null;
  event.message = text ?? rest;
  event.error_type = nonEmptyString(others.errorType);
  // Keep what we could not map (a numeric pino level, a non-string message) instead of losing it.
  if (level !== undefined && mapped === null) others.level = level;
  if (message !== undefined && text === null) others.message = message;
  event.structured = others;
  return event;
}

function tryParseObject(text: string): Record<string, unknown> | null {
  try {
    return plainObject(JSON.parse(text));
  } catch {
    return null;
  }
}
