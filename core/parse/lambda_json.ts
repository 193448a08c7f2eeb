/**
 * Lambda's JSON log format: system records `{"time","type":"platform.*","record":{…}}` and
 * application records `{"timestamp","level","requestId","message",…}`.
 *
 * Shapes: AWS Lambda docs "Configuring advanced logging controls" / "Lambda Telemetry API" event
 * schema (platform.report metrics, tracing, status, errorType) and
 * aws/aws-lambda-nodejs-runtime-interface-client `src/LogPatch.js` (`formatJsonMessage`,
 * `jsonErrorReplacer`: errors become errorType/errorMessage/stackTrace).
 */
import { TIMEOUT_ERROR_TYPE } from "./lambda_platform.js";
import type { ParsedEvent } from "./types.js";
import {
  compactJson,
  integerFrom,
  type JsonObject,
  nonEmptyString,
  normaliseLevel,
  numberFrom,
  plainObject,
  traceIdFrom,
} from "./util.js";

/** True when a parsed object is a Lambda system record (`type` "platform.…" with a `record`). */
export function isPlatformRecord(value: JsonObject): boolean {
  const type = value.type;
  return typeof type === "string" && type.startsWith("platform.") && "record" in value;
}

/** True when a parsed object is a Lambda JSON-format application record. */
export function isAppRecord(value: JsonObject): boolean {
  return "requestId" in value && "level" in value && "timestamp" in value && "message" in value;
}

/**
 * A system record: request id, metrics (platform.report / platform.runtimeDone durations,
 * platform.initReport init duration), trace id from `tracing.value`, status (not "success" →
 * ERROR) and errorType (a timeout without one gets TIMEOUT_ERROR_TYPE). platform.restoreReport (SnapStart)
 * is a restore, not an init: its metrics stay in structured. The rest of `record` (status, spans, runtimeVersion…) goes to structured.
 */
export function parsePlatformRecord(value: JsonObject): ParsedEvent {
  const type = value.type as string;
  const record = plainObject(value.record) ?? {};
  const { requestId, metrics, tracing, errorType, ...rest } = record;
  const status = nonEmptyString(record.status);
  const event: ParsedEvent = {
    log_format: "lambda_json",
    message: summary(type, nonEmptyString(requestId), status),
    level: status === null || status === "success" ? "INFO" : "ERROR",
    request_id: nonEmptyString(requestId),
    trace_id: traceIdFrom(plainObject(tracing)?.value),
    // A timeout without errorType is still a failed invocation (see TIMEOUT_ERROR_TYPE).
    error_type: nonEmptyString(errorType) ?? (status === "timeout" ? TIMEOUT_ERROR_TYPE : null),
    structured: rest,
  };
  const m = plainObject(metrics);
  if (type === "platform.restoreReport") {
    // A SnapStart restore is not an init: its duration stays in structured metrics, never init_duration_ms.
    if (m !== null) rest.metrics = m;
  } else if (m !== null) {
    if (type === "platform.initReport") {
      event.init_duration_ms = numberFrom(m.durationMs);
    } else {
      event.duration_ms = numberFrom(m.durationMs);
      event.billed_duration_ms = numberFrom(m.billedDurationMs);
      event.memory_size_mb = integerFrom(m.memorySizeMB);
      event.max_memory_used_mb = integerFrom(m.maxMemoryUsedMB);
      event.init_duration_ms = numberFrom(m.initDurationMs);
    }
    // Metrics without a column (producedBytes, restoreDurationMs…) stay queryable.
    const { durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB, initDurationMs, ...other } = m;
    if (Object.keys(other).length > 0) rest.metrics = other;
  }
  return event;
}

/**
 * An application record. `message` may be a string, a JSON string (an app logger's line passed
 * through console.log: parsed into structured, its level/message win), or an object
 * (console.log(obj) / an Error). errorType/errorMessage/stackTrace come from console.error(err).
 */
export function parseAppRecord(value: JsonObject): ParsedEvent {
  const { timestamp, level, requestId, message, errorType, ...rest } = value;
  const event: ParsedEvent = {
    log_format: "lambda_json",
    message: "",
    level: normaliseLevel(level),
    request_id: nonEmptyString(requestId),
    error_type: nonEmptyString(errorType),
    structured: rest,
  };
  let inner: JsonObject | null = plainObject(message);
  if (typeof message === "string") {
    inner = innerJson(message);
    if (inner === null) {
      event.message = message;
      return event;
    }
  }
  if (inner === null) {
    // Arrays, numbers, booleans: keep them readable; undefined/null leave an empty message.
    event.message =
      message === undefined || message === null
        ? ""
        : typeof message === "object"
          ? compactJson(message)
          : String(message);
    return event;
  }
  const { level: innerLevel, message: innerMessage, ...innerRest } = inner;
  event.level = normaliseLevel(innerLevel) ?? event.level;
  event.error_type ??= nonEmptyString(innerRest.errorType);
  event.structured = { ...rest, ...innerRest };
  const text = nonEmptyString(innerMessage) ?? nonEmptyString(innerRest.errorMessage);
  event.message = text ?? (typeof message === "string" ? message : compactJson(inner));
  return event;
}

// Only text that looks like one JSON object is parsed: a second parse is worth it for an app
// logger's line (its fields are the business data), not for every message.
function innerJson(text: string): JsonObject | null {
  if (text.charCodeAt(0) !== 123 || text.charCodeAt(text.length - 1) !== 125) return null;
  try {
    return plainObject(JSON.parse(text));
  } catch {
    return null;
  }
}

function summary(type: string, requestId: string | null, status: string | null): string {
  let text = type;
  if (requestId !== null) text += ` requestId: ${requestId}`;
  if (status !== null) text += ` status: ${status}`;
  return text;
}
