/**
 * API Gateway REST execution logs: `(<requestId>) <text>`, one step of a request per event.
 *
 * Shapes: AWS API Gateway docs "Set up CloudWatch logging for REST APIs" (execution logging) and
 * the failure texts listed in the API Gateway troubleshooting knowledge-center articles
 * ("Execution failed due to configuration error: …", "Lambda execution failed with status …",
 * "Key throttle limit exceeded for RestApi …").
 */

import { levelForStatus } from "./apigw_access.js";
import type { ParsedEvent } from "./types.js";
import { integerFrom } from "./util.js";

const HTTP_METHOD = "HTTP Method: ";
const RESOURCE_PATH = ", Resource Path: ";
const COMPLETED = "Method completed with status: ";
const XRAY = "X-ray Tracing ID : ";
// Failure texts: the words before the first ": " (or the whole sentence) make the error_type.
const FAILURES = ["Execution failed due to ", "Lambda execution failed with status ", "Key throttle limit exceeded"];
const LONGEST_ERROR_TYPE = 120;

/**
 * Parses `(<requestId>) <text>`; null when the text does not have that prefix. request_id is the
 * id in parentheses; message is the text after it. Method/route from `HTTP Method: …, Resource
 * Path: …`, http_status from `Method completed with status: N` (5xx ERROR, 4xx WARN), trace_id
 * from `X-ray Tracing ID : …`; failure lines are ERROR with a short error_type.
 */
export function parseExecutionLine(text: string): ParsedEvent | null {
  const close = text.indexOf(") ");
  if (close < 2 || close > 80) return null;
  const id = text.slice(1, close);
  const body = text.slice(close + 2);
  const event: ParsedEvent = {
    log_format: "apigw_execution",
    message: body,
    level: "INFO",
    request_id: id === "-" ? null : id,
  };
  if (body.startsWith(HTTP_METHOD)) {
    const comma = body.indexOf(RESOURCE_PATH, HTTP_METHOD.length);
    if (comma > 0) {
      event.http_method = body.slice(HTTP_METHOD.length, comma);
      event.http_route = body.slice(comma + RESOURCE_PATH.length);
    }
  } else if (body.startsWith(COMPLETED)) {
    event.http_status = integerFrom(body.slice(COMPLETED.length));
    event.level = levelForStatus(event.http_status);
  } else if (body.startsWith(XRAY)) {
    event.trace_id = body.slice(XRAY.length).trim() || null;
  } else {
    const errorType = failureType(body);
    if (errorType !== null) {
      event.level = "ERROR";
      event.error_type = errorType;
    }
  }
  return event;
}

function failureType(body: string): string | null {
  for (const failure of FAILURES) {
    if (body.startsWith(failure)) return shortType(body);
  }
  // "API Key <key> throttled for …": the key itself must not become the category.
  if (body.startsWith("API Key ") && body.includes(" throttled")) return "API Key throttled";
  return null;
}

function shortType(body: string): string {
  const colon = body.indexOf(": ");
  let end = colon < 0 ? body.length : colon;
  // "Key throttle limit exceeded for RestApi x, Stage y…": keep the category, not the ids.
  const forAt = body.indexOf(" for ");
  if (body.startsWith("Key throttle") && forAt > 0) end = Math.min(end, forAt);
  return body.slice(0, Math.min(end, LONGEST_ERROR_TYPE)).trimEnd();
}
