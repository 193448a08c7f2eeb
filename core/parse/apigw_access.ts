/**
 * API Gateway access logs, JSON and CLF, REST and HTTP APIs.
 *
 * Shapes: AWS API Gateway docs "Set up CloudWatch logging for REST APIs" / "Customizing HTTP API
 * access logs" (the console's JSON and CLF templates: requestId, ip, caller, user, requestTime,
 * httpMethod, resourcePath or routeKey, status, protocol, responseLength). Values are logged as
 * strings; some writers put a space after each colon.
 */
import type { Level } from "../../schemas/catalog.js";
import type { ParsedEvent } from "./types.js";
import { integerFrom, type JsonObject, nonEmptyString } from "./util.js";

/** True for a JSON access-log record: a requestId plus a method, route or status field. */
export function isAccessRecord(value: JsonObject): boolean {
  return (
    "requestId" in value &&
    ("httpMethod" in value || "method" in value || "routeKey" in value || "resourcePath" in value || "status" in value)
  );
}

/** 5xx → ERROR, 4xx → WARN (the client's fault, worth seeing, not paging), else INFO. */
export function levelForStatus(status: number | null): Level {
  if (status === null) return "INFO";
  return status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO";
}

/**
 * A JSON access record. http_route is the route template (routeKey's path, else resourcePath),
 * never the concrete path, so BI can group by route; `path` stays in structured. apiId + stage
 * name the service (`apiId/stage`, as the execution-log group does). "-" means "no value" in
 * API Gateway's templates, so such fields are dropped.
 */
export function parseAccessRecord(value: JsonObject): ParsedEvent {
  const { requestId, ip, sourceIp, httpMethod, method, routeKey, resourcePath, status, responseLength, ...rest } =
    value;
  const routeKeyText = nonEmptyString(routeKey);
  const routeKeyPath = routeKeyText === null ? null : routeFromRouteKey(routeKeyText);
  const event: ParsedEvent = {
    log_format: "apigw_access",
    message: "",
    request_id: dash(requestId),
    client_ip: dash(ip) ?? dash(sourceIp),
    http_method: dash(httpMethod) ?? dash(method),
    http_route: dash(routeKeyPath) ?? dash(resourcePath),
    http_status: integerFrom(status),
    response_bytes: integerFrom(responseLength),
  };
  event.level = levelForStatus(event.http_status ?? null);
  const apiId = nonEmptyString(rest.apiId);
  const stage = nonEmptyString(rest.stage);
  const named = apiId !== null && stage !== null;
  if (named) event.service = `${apiId}/${stage}`;
  const structured: JsonObject = {};
  for (const key in rest) {
    if (rest[key] === "-" || (named && (key === "apiId" || key === "stage"))) continue;
    structured[key] = rest[key];
  }
  event.structured = structured;
  event.message = summary(event);
  return event;
}

/**
 * A CLF access line: `ip caller user [time] "METHOD ROUTE PROTOCOL" status bytes requestId …`.
 * For HTTP APIs the quoted part holds the routeKey, so the method appears twice
 * (`"GET GET /hello/{username} HTTP/1.1"`). Null when the line is not CLF. Fixed positions, no regex.
 */
export function parseClfLine(text: string): ParsedEvent | null {
  const sp1 = text.indexOf(" ");
  if (sp1 <= 0 || sp1 > 45) return null; // the longest IPv6 text is 45 characters
  const sp2 = text.indexOf(" ", sp1 + 1);
  const sp3 = sp2 < 0 ? -1 : text.indexOf(" ", sp2 + 1);
  // "[dd/MMM/yyyy:HH:mm:ss +0000]" is 28 characters, then a space and the quoted request.
  if (sp3 < 0 || text.charCodeAt(sp3 + 1) !== 91 || text.charCodeAt(sp3 + 28) !== 93) return null;
  if (text.charCodeAt(sp3 + 29) !== 32 || text.charCodeAt(sp3 + 30) !== 34) return null;
  const close = text.indexOf('" ', sp3 + 31);
  if (close < 0) return null;
  const request = text.slice(sp3 + 31, close).split(" ");
  const tail = text.slice(close + 2).split(" ");
  const method = request[0] ?? "";
  let routeParts = request.slice(1);
  const protocol =
    routeParts.length > 0 && routeParts[routeParts.length - 1]?.startsWith("HTTP/") ? routeParts.pop() : null;
  if (routeParts.length > 1 && routeParts[0] === method) routeParts = routeParts.slice(1);
  const event: ParsedEvent = {
    log_format: "apigw_access",
    message: text,
    client_ip: dash(text.slice(0, sp1)),
    http_method: dash(method),
    http_route: dash(routeParts.join(" ")),
    http_status: integerFrom(tail[0]),
    response_bytes: integerFrom(tail[1]),
    request_id: dash(tail[2]),
  };
  event.level = levelForStatus(event.http_status ?? null);
  const structured: JsonObject = { requestTime: text.slice(sp3 + 2, sp3 + 28) };
  const caller = dash(text.slice(sp1 + 1, sp2));
  const user = dash(text.slice(sp2 + 1, sp3));
  if (caller !== null) structured.caller = caller;
  if (user !== null) structured.user = user;
  if (protocol) structured.protocol = protocol;
  event.structured = structured;
  return event;
}

/** "GET /onboarding/{id}" → "/onboarding/{id}"; "$default" stays as is. */
function routeFromRouteKey(routeKey: string): string {
  const space = routeKey.indexOf(" ");
  return space < 0 ? routeKey : routeKey.slice(space + 1);
}

/** A non-empty string that is not API Gateway's "-" placeholder, else null. */
function dash(value: unknown): string | null {
  const text = nonEmptyString(value);
  return text === "-" ? null : text;
}

function summary(event: ParsedEvent): string {
  const parts: string[] = [];
  if (event.http_method) parts.push(event.http_method);
  if (event.http_route) parts.push(event.http_route);
  if (event.http_status !== null && event.http_status !== undefined) parts.push(String(event.http_status));
  return parts.length > 0 ? parts.join(" ") : "API Gateway access log";
}
