/**
 * Where an event came from, from its log group (and, for HTTP API access logs, its stream).
 * Computed once per CloudWatch payload, not per event: every event of a payload shares its group.
 */
import type { Origin } from "./types.js";

const LAMBDA_PREFIX = "/aws/lambda/";
const EXECUTION_PREFIX = "API-Gateway-Execution-Logs_";
const APIGW_PREFIX = "/aws/apigateway/";
const STATES_PREFIXES = ["/aws/vendedlogs/states/", "/aws/states/"] as const;
// Stream suffix of HTTP API access logs: "-YYYY-MM-DD-HH-mm" (17 characters).
const STREAM_DATE_SUFFIX_LENGTH = 17;
const DEFAULT_STAGE_IN_STREAM = ".default";

/**
 * Maps a log group (and stream) to the event's source and service.
 *
 * - `/aws/lambda/NAME` → lambda, NAME
 * - `API-Gateway-Execution-Logs_APIID/STAGE` → apigateway, `APIID/STAGE`
 * - `/aws/apigateway/NAME` → apigateway, `APIID/STAGE` when the stream is an HTTP API access-log
 *   stream (`<apiId>_<stage>-YYYY-MM-DD-HH-mm`), else NAME
 * - `/aws/vendedlogs/states/NAME`, `/aws/states/NAME` → stepfunctions, NAME
 * - anything else → other, the group's last path segment (null when the group is empty).
 *   Why the last segment: custom groups (Lambda's `loggingConfig.logGroup`, CDK-named access-log
 *   groups) usually end in the function or API name, which is a better BI label than nothing;
 *   content parsers override it when the line names its service (Powertools `service`, EMF).
 */
export function originOf(logGroup: string, logStream: string): Origin {
  if (logGroup.startsWith(LAMBDA_PREFIX)) {
    return { source: "lambda", service: nonEmpty(logGroup.slice(LAMBDA_PREFIX.length)) };
  }
  if (logGroup.startsWith(EXECUTION_PREFIX)) {
    return { source: "apigateway", service: nonEmpty(logGroup.slice(EXECUTION_PREFIX.length)) };
  }
  if (logGroup.startsWith(APIGW_PREFIX)) {
    const fromStream = httpApiStageFromStream(logStream);
    return { source: "apigateway", service: fromStream ?? nonEmpty(logGroup.slice(APIGW_PREFIX.length)) };
  }
  for (const prefix of STATES_PREFIXES) {
    if (logGroup.startsWith(prefix))
      return { source: "stepfunctions", service: nonEmpty(logGroup.slice(prefix.length)) };
  }
  return { source: "other", service: lastSegment(logGroup) };
}

/**
 * `apiId/stage` from an HTTP API access-log stream name `<apiId>_<stage>-YYYY-MM-DD-HH-mm`
 * (API ids are 10 lowercase alphanumerics); null for any other stream. Fixed positions, no regex.
 */
export function httpApiStageFromStream(logStream: string): string | null {
  const n = logStream.length;
  if (n < 12 + STREAM_DATE_SUFFIX_LENGTH || logStream.charCodeAt(10) !== 95 /* _ */) return null;
  for (let i = 0; i < 10; i++) {
    const c = logStream.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 122))) return null;
  }
  const suffix = n - STREAM_DATE_SUFFIX_LENGTH;
  // "-YYYY-MM-DD-HH-mm": dashes at 0,5,8,11,14 of the suffix, digits elsewhere.
  for (let i = 0; i < STREAM_DATE_SUFFIX_LENGTH; i++) {
    const c = logStream.charCodeAt(suffix + i);
    const dash = i === 0 || i === 5 || i === 8 || i === 11 || i === 14;
    if (dash ? c !== 45 : c < 48 || c > 57) return null;
  }
  const stage = logStream.slice(11, suffix);
  // Stream names cannot hold "$": the $default stage's streams read `<apiId>_.default-…`.
  return `${logStream.slice(0, 10)}/${stage === DEFAULT_STAGE_IN_STREAM ? "$default" : stage}`;
}

function nonEmpty(text: string): string | null {
  return text.length > 0 ? text : null;
}

function lastSegment(logGroup: string): string | null {
  let end = logGroup.length;
  while (end > 0 && logGroup.charCodeAt(end - 1) === 47 /* / */) end--;
  return nonEmpty(logGroup.slice(logGroup.lastIndexOf("/", end - 1) + 1, end));
}
