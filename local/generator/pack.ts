/**
 * Packs generated log events the way a CloudWatch Logs subscription delivers them to Firehose: per
 * log stream, in batches, as gzip'd DATA_MESSAGE payloads with 56-digit event ids whose high bits are the
 * millisecond timestamp (id = ts·2^144 + low bits).
 */
import { deflateSync, gzipSync } from "node:zlib";
import type { EventSink } from "./lambda.js";
import { ACCOUNT_ID } from "./lambda.js";
import type { Prng } from "./prng.js";

/** The subscription filter name every payload carries. */
export const SUBSCRIPTION_FILTER = "onboarding-logs-to-firehose";

interface Buffered {
  ts: number;
  message: string;
}

/** Collects events per (group, stream) and turns them into subscription payloads on {@link Packer.flush}. */
export class Packer implements EventSink {
  private readonly streams = new Map<string, { group: string; stream: string; events: Buffered[] }>();
  private sequence = 0n;
  /** Events accepted so far; emits beyond the budget are ignored so the total is exact. */
  accepted = 0;

  constructor(
    private readonly rng: Prng,
    private readonly budget: number,
  ) {}

  /** true once the event budget is used up. */
  get full(): boolean {
    return this.accepted >= this.budget;
  }

  emit(logGroup: string, logStream: string, timestamp: number, message: string): void {
    if (this.accepted >= this.budget) return;
    this.accepted += 1;
    const key = `${logGroup}\u0000${logStream}`;
    let entry = this.streams.get(key);
    if (!entry) {
      entry = { group: logGroup, stream: logStream, events: [] };
      this.streams.set(key, entry);
    }
    entry.events.push({ ts: timestamp, message });
  }

  /** Gzip'd payloads for everything buffered, in batches of a few to a few hundred events per stream. */
  flush(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const { group, stream, events } of this.streams.values()) {
      events.sort((a, b) => a.ts - b.ts);
      const streamBits = BigInt(hash32(`${group}/${stream}`)) << 96n;
      for (let i = 0; i < events.length; ) {
        const n = this.rng.int(5, 300);
        const batch = events.slice(i, i + n);
        i += n;
        const logEvents = batch.map((e) => {
          this.sequence += 1n;
          return {
            id: ((BigInt(e.ts) << 144n) | streamBits | this.sequence).toString(),
            timestamp: e.ts,
            message: e.message,
          };
        });
        out.push(
          gzipPayload({
            messageType: "DATA_MESSAGE",
            owner: ACCOUNT_ID,
            logGroup: group,
            logStream: stream,
            subscriptionFilters: [SUBSCRIPTION_FILTER],
            logEvents,
          }),
        );
      }
    }
    this.streams.clear();
    return out;
  }
}

/** gzip (level 1: the generator is not what we measure) with the OS byte 0, as CloudWatch Logs writes it. */
export function gzipPayload(payload: unknown): Uint8Array {
  const gz = gzipSync(JSON.stringify(payload), { level: 1 });
  gz[9] = 0;
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
}

function hash32(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The CONTROL_MESSAGE CloudWatch Logs sends when a subscription is created (real shape, aws-sam-cli sample). */
export function controlMessage(ts: number): Uint8Array {
  return gzipPayload({
    messageType: "CONTROL_MESSAGE",
    owner: "CloudwatchLogs",
    logGroup: "",
    logStream: "",
    subscriptionFilters: [],
    logEvents: [{ id: "", timestamp: ts, message: "CWL CONTROL MESSAGE: Checking health of destination Firehose." }],
  });
}

/** Records no decoder can read: plain JSON, a truncated gzip stream, gzip of non-JSON, zlib instead of gzip. */
export function corruptRecords(rng: Prng, ts: number): Uint8Array[] {
  const sample = {
    messageType: "DATA_MESSAGE",
    owner: ACCOUNT_ID,
    logGroup: "/aws/lambda/onboarding-start",
    logStream: `corrupt-${rng.hex(8)}`,
    subscriptionFilters: [SUBSCRIPTION_FILTER],
    logEvents: [{ id: "1", timestamp: ts, message: "corrupt" }],
  };
  const json = Buffer.from(JSON.stringify(sample));
  const full = gzipPayload(sample);
  return [
    new Uint8Array(json),
    full.slice(0, Math.max(12, Math.floor(full.byteLength / 2))),
    new Uint8Array(gzipSync(`not json ${rng.hex(8)}`)),
    new Uint8Array(deflateSync(json)),
  ];
}
