/**
 * Powertools for AWS Lambda (TypeScript) Logger lines.
 *
 * Shapes: docs.powertools.aws.dev/lambda/typescript/latest/core/logger ("Standard structured keys",
 * "Capturing Lambda context info", "Logging errors": `error: {name, location, message, stack}`),
 * and the pre-1.0 shape with `logLevel` / `correlationIds` from the same project's history.
 */
import type { ParsedEvent } from "./types.js";
import { compactJson, type JsonObject, nonEmptyString, normaliseLevel, plainObject, traceIdFrom } from "./util.js";

// Powertools' default when POWERTOOLS_SERVICE_NAME is unset: says nothing, so the origin wins.
const DEFAULT_SERVICE = "service_undefined";

/**
 * True for a Powertools Logger line: a string `level` (or the old `logLevel`) and `message`, plus
 * at least one key only Powertools writes. Checked after EMF and the Lambda JSON records.
 */
export function isPowertools(value: JsonObject): boolean {
  if (typeof value.level !== "string" && typeof value.logLevel !== "string") return false;
  return (
    "message" in value &&
    ("service" in value ||
      "xray_trace_id" in value ||
      "function_request_id" in value ||
      "sampling_rate" in value ||
      "cold_start" in value)
  );
}

/**
 * Maps the standard keys to columns: level, message, service (a real name overrides the origin's),
 * xray_trace_id → trace_id, function_request_id → request_id, error.name → error_type.
 *
 * Dropped: timestamp (event_time has it), function_arn / function_name / function_memory_size
 * (the log group and REPORT lines carry them) and sampling_rate (logger config, not data).
 * Kept in structured: cold_start (cold-start analysis), the `error` object (its message and stack
 * are the useful part) and every custom key (business fields live there).
 */
export function parsePowertools(value: JsonObject): ParsedEvent {
  const {
    level,
    logLevel,
    message,
    service,
    timestamp,
    xray_trace_id,
    function_request_id,
    function_arn,
    function_name,
    function_memory_size,
    sampling_rate,
    ...rest
  } = value;
  const event: ParsedEvent = {
    log_format: "powertools",
    message: typeof message === "string" ? message : message === undefined ? "" : compactJson(message),
    level: normaliseLevel(level ?? logLevel),
    request_id: nonEmptyString(function_request_id),
    trace_id: traceIdFrom(xray_trace_id),
    error_type: nonEmptyString(plainObject(rest.error)?.name),
    structured: rest,
  };
  const name = nonEmptyString(service);
  if (name !== null && name !== DEFAULT_SERVICE) event.service = name;
  // The pre-1.0 shape nested the ids under correlationIds.
  const ids = plainObject(rest.correlationIds);
  if (ids !== null) {
    event.request_id ??= nonEmptyString(ids.awsRequestId);
    event.trace_id ??= traceIdFrom(ids.xRayTraceId);
  }
  return event;
}
