/**
 * The end-to-end smoke test, pure of AWS: write a tagged synthetic onboarding session to a subscribed
 * log group, then watch each hop it can see — the first curated object Firehose writes afterwards, and
 * the session's rows in the warehouse (their ingest_time is when Firehose received them) — until every
 * row is queryable or the deadline passes. The CLI (cli/smoke.ts) supplies the AWS calls.
 */

/** One log event to write (PutLogEvents' InputLogEvent). */
export interface SmokeEvent {
  readonly timestamp: number;
  readonly message: string;
}

/**
 * A short onboarding session as the application logs it: a Lambda invocation with Powertools JSON
 * lines for each step, and its REPORT line. Every event carries the smoke id, and the log stream is
 * named after it, so the rows are found by `log_stream` (never masked) without touching real data.
 */
export function smokeSession(smokeId: string, startMs: number): SmokeEvent[] {
  const requestId = `${smokeId.slice(-8)}-0000-4000-8000-000000000000`;
  const step = (i: number, name: string, status: string) => ({
    timestamp: startMs + i,
    message: `${JSON.stringify({
      level: "INFO",
      message: `onboarding step ${name}`,
      timestamp: new Date(startMs + i).toISOString(),
      service: "onboarding-smoke",
      xray_trace_id: "1-00000000-000000000000000000000000",
      function_request_id: requestId,
      onboarding_id: smokeId,
      onboarding_step: name,
      onboarding_status: status,
      smoke: true,
    })}\n`,
  });
  return [
    { timestamp: startMs, message: `START RequestId: ${requestId} Version: $LATEST\n` },
    step(1, "start", "in_progress"),
    step(2, "identity_validation", "in_progress"),
    step(3, "submit_application", "completed"),
    { timestamp: startMs + 4, message: `END RequestId: ${requestId}\n` },
    {
      timestamp: startMs + 5,
      message: `REPORT RequestId: ${requestId}\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\t\n`,
    },
  ];
}

/** What the smoke test reads back, each call one look. */
export interface SmokeProbes {
  /** Writes the session to the log stream. */
  put(events: readonly SmokeEvent[]): Promise<void>;
  /** LastModified (ms) of the first curated object written at or after `sinceMs`, or null. */
  firstCuratedObject(sinceMs: number): Promise<number | null>;
  /** The session's rows in the warehouse: how many, and the earliest ingest_time (ms) among them. */
  warehouseRows(): Promise<{ rows: number; firstIngestMs: number | null }>;
}

/** Options of {@link runSmoke}. */
export interface SmokeOptions {
  readonly smokeId: string;
  readonly timeoutMs: number;
  /** Wait between two looks. @default 15,000 */
  readonly pollMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onProgress?: (seen: SmokeResult) => void;
}

/** Latency of each hop seen, in ms after the put; null where it was not seen. */
export interface SmokeResult {
  smoke_id: string;
  events: number;
  rows: number;
  /** CloudWatch Logs → Firehose: the rows' earliest ingest_time. */
  firehose_ms: number | null;
  /** → lake: the first curated object written after the put (any object: the lake's liveness). */
  lake_ms: number | null;
  /** → warehouse: when every row of the session was queryable. */
  warehouse_ms: number | null;
  ok: boolean;
}

/** Runs the smoke test; resolves with ok false when the deadline passed before every row was queryable. */
export async function runSmoke(probes: SmokeProbes, options: SmokeOptions): Promise<SmokeResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = options.pollMs ?? 15_000;
  const putAt = now();
  const events = smokeSession(options.smokeId, putAt);
  await probes.put(events);
  const result: SmokeResult = {
    smoke_id: options.smokeId,
    events: events.length,
    rows: 0,
    firehose_ms: null,
    lake_ms: null,
    warehouse_ms: null,
    ok: false,
  };
  const deadline = putAt + options.timeoutMs;
  for (;;) {
    if (result.lake_ms === null) {
      const modified = await probes.firstCuratedObject(putAt);
      if (modified !== null) result.lake_ms = Math.max(0, modified - putAt);
    }
    const seen = await probes.warehouseRows();
    result.rows = seen.rows;
    if (seen.firstIngestMs !== null) result.firehose_ms = Math.max(0, seen.firstIngestMs - putAt);
    if (seen.rows >= events.length) {
      result.warehouse_ms = now() - putAt;
      result.ok = true;
      return result;
    }
    options.onProgress?.({ ...result });
    if (now() + pollMs > deadline) return result;
    await sleep(pollMs);
  }
}
