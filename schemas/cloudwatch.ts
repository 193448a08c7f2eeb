/**
 * CloudWatch Logs subscription payload (what a subscription filter sends to Firehose, gzip'd): the one
 * home of its shape, as a type and as the check the transform runs on every decoded record.
 * Shape: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html
 */

/** One log event of a payload. */
export interface CloudWatchLogEvent {
  /** 56-digit event id, unique within the log group: the dedupe key. */
  readonly id: string;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  readonly message: string;
}

/** The decoded payload: DATA_MESSAGE carries log events, CONTROL_MESSAGE checks the destination. */
export interface CloudWatchLogsPayload {
  readonly messageType: "DATA_MESSAGE" | "CONTROL_MESSAGE";
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly subscriptionFilters: readonly string[];
  readonly logEvents: readonly CloudWatchLogEvent[];
  readonly policyLevel?: string;
}

/**
 * Says why `json` is not a subscription payload, or returns undefined when it is one. Hand-written
 * rather than a zod schema: it walks thousands of events per record on the transform's hot path, where
 * zod cost more than the parsing itself. `subscriptionFilters` may be absent (older samples omit it).
 */
export function cloudWatchPayloadProblem(json: unknown): string | undefined {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return "not an object";
  const p = json as Record<string, unknown>;
  if (p.messageType !== "DATA_MESSAGE" && p.messageType !== "CONTROL_MESSAGE") return "unknown messageType";
  for (const key of ["owner", "logGroup", "logStream"] as const) {
    if (typeof p[key] !== "string") return `${key} is not a string`;
  }
  if (!Array.isArray(p.logEvents)) return "logEvents is not an array";
  if (p.subscriptionFilters !== undefined && !Array.isArray(p.subscriptionFilters)) {
    return "subscriptionFilters is not an array";
  }
  for (const e of p.logEvents as unknown[]) {
    const ev = e as Record<string, unknown> | null;
    if (typeof ev !== "object" || ev === null) return "a log event is not an object";
    if (typeof ev.id !== "string" || typeof ev.message !== "string") return "a log event lacks id or message";
    if (typeof ev.timestamp !== "number" || !Number.isFinite(ev.timestamp)) return "a log event lacks a timestamp";
  }
  return undefined;
}
