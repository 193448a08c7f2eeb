/**
 * One Firehose invocation's worth of records, end to end but without I/O: read each input
 * record, transform it, plan the response. The handler adds re-ingestion and observability.
 */
import { readInputRecord } from "../../schemas/firehose.js";
import type { TransformSettings } from "./record.js";
import { transformRecord } from "./record.js";
import { type ResponsePlan, ResponsePlanner } from "./respond.js";

/** Transforms all records and plans the response, keeping input order. */
export function transformBatch(
  rawRecords: readonly unknown[],
  settings: TransformSettings,
  nowMs: number,
): ResponsePlan {
  const planner = new ResponsePlanner();
  for (const raw of rawRecords) {
    const record = readInputRecord(raw, nowMs);
    if ("bad" in record) {
      const input = { recordId: record.recordId, data: "", approximateArrivalTimestamp: nowMs };
      planner.add(input, { kind: "failed", reason: record.bad });
    } else {
      planner.add(record, transformRecord(record, settings));
    }
  }
  return planner.finish();
}
