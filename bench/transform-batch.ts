/**
 * A realistic mixed Firehose batch for the transform benchmark, taken from the local traffic
 * generator (every log format the onboarding app writes, with personal data to mask).
 */
import { gunzipSync } from "node:zlib";
import { TrafficGenerator } from "../local/generator/index.js";

export interface BenchBatch {
  readonly event: {
    invocationId: string;
    deliveryStreamArn: string;
    region: string;
    records: { recordId: string; approximateArrivalTimestamp: number; data: string }[];
  };
  readonly events: number;
  /** Bytes of log text (the events' messages, UTF-8). */
  readonly textBytes: number;
  readonly compressedBytes: number;
}

/** Builds a batch of about `compressedBytes` of gzip'd CloudWatch Logs records (DATA_MESSAGEs only). */
export function buildBatch(compressedBytes: number, seed = 7): BenchBatch {
  // Mid-hour start: a batch taken at a random moment rarely spans an hour boundary (the generator's
  // default start sits two minutes before one, to exercise that path in the e2e tests).
  const startMs = Date.UTC(2025, 5, 2, 10, 20, 0);
  const gen = new TrafficGenerator({ events: 5_000_000, seed, applicantsPerChunk: 50, startMs });
  const records: BenchBatch["event"]["records"] = [];
  let size = 0;
  let events = 0;
  let textBytes = 0;
  outer: for (const chunk of gen.chunks()) {
    for (const data of chunk.records) {
      const payload = tryPayload(data);
      if (payload?.messageType !== "DATA_MESSAGE") continue;
      if (size + data.length > compressedBytes && records.length > 0) break outer;
      size += data.length;
      events += payload.logEvents.length;
      for (const e of payload.logEvents) textBytes += Buffer.byteLength(e.message);
      records.push({
        recordId: String(records.length).padStart(56, "0"),
        approximateArrivalTimestamp: Date.UTC(2025, 5, 2, 10, 0, 0),
        data: Buffer.from(data).toString("base64"),
      });
    }
  }
  return {
    event: {
      invocationId: "bench",
      deliveryStreamArn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/onboarding-logs-to-s3",
      region: "us-east-1",
      records,
    },
    events,
    textBytes,
    compressedBytes: size,
  };
}

function tryPayload(data: Uint8Array): { messageType: string; logEvents: { message: string }[] } | undefined {
  try {
    return JSON.parse(gunzipSync(data).toString("utf8"));
  } catch {
    return undefined;
  }
}
