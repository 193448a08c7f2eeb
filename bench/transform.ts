/**
 * Transform benchmark: events/s and MB/s of log text through the real `handler` code on a
 * realistic mixed batch, beside a floor measured in the same run (gunzip + JSON.parse + one JSON
 * row per event + base64), and peak RSS for a 3 MB (compressed) batch in a fresh process.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { FirehoseSender } from "../core/io/put-record-batch.js";
import { buildTransformHandler } from "../handlers/transform/build.js";
import { loadTransformConfig } from "../handlers/transform/config.js";
import { formatRowTimestamp } from "../schemas/row.js";
import { fmt, median, timeMs } from "./stats.js";
import { type BenchBatch, buildBatch } from "./transform-batch.js";

/** Accepts every PutRecordBatch: re-ingestion is part of the handler's work, not of the network. */
export const acceptingFirehose: FirehoseSender = {
  send: (async (command: { input: { Records?: unknown[] } }) => ({
    FailedPutCount: 0,
    RequestResponses: (command.input.Records ?? []).map((_, i) => ({ RecordId: String(i) })),
  })) as unknown as FirehoseSender["send"],
};

const KEY = "bench-masking-key-0123456789abcdef";
const RUNS = 21;

export function makeBenchHandler() {
  const config = loadTransformConfig({ MASKING_KEY: KEY });
  return buildTransformHandler({ firehose: acceptingFirehose, config, maskingKey: KEY });
}

/**
 * The floor: the least any transform must do with the same records — gunzip, JSON.parse, one
 * JSON row per event with the catalog's always-present columns (no parsing, no masking), base64.
 */
export function floor(batch: BenchBatch): number {
  let out = 0;
  for (const r of batch.event.records) {
    const payload = JSON.parse(gunzipSync(Buffer.from(r.data, "base64")).toString("utf8"));
    const ingest = formatRowTimestamp(r.approximateArrivalTimestamp);
    const lines: string[] = [];
    for (const e of payload.logEvents) {
      const row = {
        event_id: e.id,
        event_time: formatRowTimestamp(e.timestamp), // the handler's own (cached) formatter: a fair floor
        ingest_time: ingest,
        account_id: payload.owner,
        log_group: payload.logGroup,
        log_stream: payload.logStream,
        source: "lambda",
        log_format: "text",
        message: e.message,
      };
      lines.push(JSON.stringify(row));
    }
    out += Buffer.from(`${lines.join("\n")}\n`).toString("base64").length;
  }
  return out;
}

export interface TransformBenchResult {
  events: number;
  textMB: number;
  compressedMB: number;
  handlerMs: number;
  floorMs: number;
  ratio: number;
  eventsPerSec: number;
  mbPerSec: number;
  peakRssMB?: number;
}

/** Runs the throughput comparison `runs` times, alternating handler and floor; medians. */
export async function runTransformBench(runs = 21, compressedBytes = 250_000): Promise<TransformBenchResult> {
  const batch = buildBatch(compressedBytes);
  const handler = makeBenchHandler();
  // Warm-up: a Lambda execution environment handles batch after batch, so steady state is what
  // counts; both sides get the same number of rounds to let the JIT optimise them.
  for (let i = 0; i < 5; i++) {
    await handler(batch.event);
    floor(batch);
  }
  const handlerTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    handlerTimes.push(await timeMs(() => handler(batch.event)));
    floorTimes.push(await timeMs(() => floor(batch)));
  }
  const handlerMs = median(handlerTimes);
  const floorMs = median(floorTimes);
  const textMB = batch.textBytes / 1e6;
  return {
    events: batch.events,
    textMB,
    compressedMB: batch.compressedBytes / 1e6,
    handlerMs,
    floorMs,
    ratio: handlerMs / floorMs,
    eventsPerSec: batch.events / (handlerMs / 1000),
    mbPerSec: textMB / (handlerMs / 1000),
  };
}

/** Peak RSS of a fresh process that transforms one ~3 MB (compressed) batch. */
export function measurePeakRss(): { peakRssMB: number; events: number; compressedMB: number } {
  const script = fileURLToPath(new URL("./transform-memory.ts", import.meta.url));
  const out = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`memory run failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split("\n").pop() as string);
}

/** Prints the transform figures; returns them for the table in bench/README.md. */
export async function main(): Promise<TransformBenchResult> {
  const r = await runTransformBench(RUNS);
  const mem = measurePeakRss();
  console.log(`transform benchmark (median of ${RUNS} runs after 5 warm-up rounds, same batch, same process)`);
  console.log(
    `  batch: ${fmt(r.events)} events, ${fmt(r.textMB, 2)} MB of log text, ${fmt(r.compressedMB, 2)} MB gzip'd`,
  );
  console.log(`  handler: ${fmt(r.handlerMs, 1)} ms → ${fmt(r.eventsPerSec)} events/s, ${fmt(r.mbPerSec, 1)} MB/s`);
  console.log(`  floor (gunzip + JSON.parse + JSON row + base64): ${fmt(r.floorMs, 1)} ms`);
  console.log(`  ratio handler/floor: ${fmt(r.ratio, 2)}× (target ≤ 1.5×)`);
  console.log(
    `  peak RSS, ${fmt(mem.compressedMB, 2)} MB gzip'd batch (${fmt(mem.events)} events): ${fmt(mem.peakRssMB)} MB (target ≤ 256 MB)`,
  );
  return { ...r, peakRssMB: mem.peakRssMB };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
