/**
 * The fallback: text no other parser recognised (stdout without the runtime prefix, the CloudWatch
 * system line "Permissions are set correctly…" written when a subscription is created) and JSON
 * objects of no known shape (another logger's lines, raw `process.stdout.write(JSON)`).
 */
import type { ParsedEvent } from "./types.js";
import { errorTypeFromText, type JsonObject, nonEmptyString, normaliseLevel } from "./util.js";

/** Plain text: message is the text; an error print (`TypeError: …`) gives error_type. */
export function parseText(text: string): ParsedEvent {
  const errorType = errorTypeFromText(text);
  return errorType === null
    ? { log_format: "text", message: text }
    : { log_format: "text", message: text, error_type: errorType };
}

/**
 * A JSON object of no known shape: all fields go to structured, so business-field rules still see
 * them. level/message are taken from the usual keys (`level`, `message` or `msg`) when they are
 * usable; otherwise the message is the line itself, which is what a human would read in CloudWatch.
 */
export function parseGenericJson(value: JsonObject, text: string): ParsedEvent {
  const level = normaliseLevel(value.level);
  const messageKey =
    nonEmptyString(value.message) !== null ? "message" : nonEmptyString(value.msg) !== null ? "msg" : null;
  if (level === null && messageKey === null) {
    return { log_format: "text", message: text, level: null, structured: value };
  }
  // Only the keys actually mapped leave structured (a numeric pino level stays).
  const structured: JsonObject = {};
  for (const key in value) {
    if (key === messageKey || (key === "level" && level !== null)) continue;
    structured[key] = value[key];
  }
  return { log_format: "text", message: messageKey === null ? text : (value[messageKey] as string), level, structured };
}
