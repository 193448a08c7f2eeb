/**
 * Amazon Data Firehose data-transformation contract (event in, response out): the one home of its
 * shapes, as types and as the checks the handler and the local Firehose run on every invocation.
 * https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html
 *
 * Hand-written checks rather than zod schemas: they run per invocation over megabytes of base64, where
 * zod's walk cost a measurable share of the budget. The Powertools envelope is not used either: it
 * decodes `data` as UTF-8, which breaks gzip'd CloudWatch Logs payloads.
 */

/** One input record. `data` stays base64 here; core/decode does the decoding. */
export interface FirehoseInputRecord {
  readonly recordId: string;
  readonly approximateArrivalTimestamp: number;
  readonly data: string;
  readonly kinesisRecordMetadata?: Record<string, unknown>;
  readonly metadata?: Record<string, unknown>;
}

/** The event Firehose invokes the transform with. */
export interface FirehoseTransformationEvent {
  readonly invocationId: string;
  readonly deliveryStreamArn: string;
  readonly sourceKinesisStreamArn?: string;
  readonly region: string;
  readonly records: readonly FirehoseInputRecord[];
}

/** The three results Firehose accepts. */
export type FirehoseResult = "Ok" | "Dropped" | "ProcessingFailed";

/** One output record. */
export interface FirehoseOutputRecord {
  readonly recordId: string;
  readonly result: FirehoseResult;
  /** Required for Ok and ProcessingFailed; omitted for Dropped (as the AWS blueprints do). */
  readonly data?: string;
  readonly metadata?: { readonly partitionKeys: Record<string, string> };
}

/** The transform's response. */
export interface FirehoseTransformationResponse {
  readonly records: FirehoseOutputRecord[];
}

/** The part of an event the transform relies on; its records are read one by one with {@link readInputRecord}. */
export interface FirehoseEventEnvelope {
  readonly deliveryStreamArn: string;
  readonly records: readonly unknown[];
}

/** Reads the envelope of a transformation event, or returns undefined when `event` is not one. */
export function readEventEnvelope(event: unknown): FirehoseEventEnvelope | undefined {
  const e = event as Partial<Record<keyof FirehoseEventEnvelope, unknown>> | null;
  if (typeof e !== "object" || e === null) return undefined;
  if (typeof e.deliveryStreamArn !== "string" || !Array.isArray(e.records)) return undefined;
  return { deliveryStreamArn: e.deliveryStreamArn, records: e.records };
}

/**
 * Reads one input record, tolerating the odd shapes seen in public samples (a missing or non-numeric
 * approximateArrivalTimestamp becomes `nowMs`). A record without string `data` cannot be transformed:
 * its recordId (or "") comes back with the reason.
 */
export function readInputRecord(
  raw: unknown,
  nowMs: number,
): FirehoseInputRecord | { readonly recordId: string; readonly bad: string } {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const recordId = typeof r.recordId === "string" ? r.recordId : "";
  if (typeof r.data !== "string") return { recordId, bad: "record has no string data" };
  const ts = r.approximateArrivalTimestamp;
  return {
    recordId,
    data: r.data,
    approximateArrivalTimestamp: typeof ts === "number" && Number.isFinite(ts) && ts > 0 ? ts : nowMs,
  };
}

/**
 * Whether `response` follows the status model: a `records` array whose entries have a string recordId,
 * one of the three results, string `data` when present and always for Ok. (Whether every recordId came
 * back once is the caller's check: it needs the input.)
 */
export function isWellFormedResponse(response: unknown): response is FirehoseTransformationResponse {
  const records = (response as { records?: unknown } | null)?.records;
  return (
    Array.isArray(records) &&
    records.every(
      (r: { recordId?: unknown; result?: unknown; data?: unknown } | null) =>
        typeof r?.recordId === "string" &&
        (r.result === "Ok" || r.result === "Dropped" || r.result === "ProcessingFailed") &&
        (r.data === undefined || typeof r.data === "string") &&
        (r.result !== "Ok" || typeof r.data === "string"),
    )
  );
}
