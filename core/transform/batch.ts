/**
 * One Firehose invocation's worth of records, end to end but without I/O: normalise each input
 * record, transform it, plan the response. The handler adds re-ingestion and observability.
 */
import type { FirehoseInputRecord } from "../../schemas/firehose.js";
import type { TransformSettings } from "./record.js";
import { transformRecord } from "./record.js";
import { type ResponsePlan, ResponsePlanner } from "./respond.js";

/**
 * Reads a record as Firehose sends it, tolerating the odd shapes seen in public samples
 * (missing or non-numeric approximateArrivalTimestamp). Returns a reason when it cannot.
 */
export function normaliseRecord(raw: unknown, nowMs: number): FirehoseInputRecord | { recordId: string; bad: string } {
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

/** Transforms all records and plans the response, keeping input order. */
export function transformBatch(
  rawRecords: readonly unknown[],
  settings: TransformSettings,
  nowMs: number,
): ResponsePlan {
  const planner = new ResponsePlanner();
  for (const raw of rawRecords) {
    const record = normaliseRecord(raw, nowMs);
    if ("bad" in record) {
      const input = { recordId: record.recordId, data: "", approximateArrivalTimestamp: nowMs };
      planner.add(input, { kind: "failed", reason: record.bad });
    } else {
      planner.add(record, transformRecord(record, settings));
    }
  }
  return planner.finish();
}
