/**
 * Benchmark of the local pipeline (npm run bench calls {@link benchLocal}; `tsx bench/local.ts` runs it
 * alone): end-to-end events/s for 1,000,000 events, the share of time per stage, and the plumbing ratio
 * (local Firehose + Parquet + loading, i.e. what runs after the generator besides the handler, over the
 * handler's own time; target ≤ 0.30).
 *
 * How the ratio is computed, honestly on a machine where DuckDB's threads share the cores with the
 * handler: each repetition is a PAIR of passes over the same events (same seed), in alternating order:
 * - reference: generator → local Firehose → the real handler, rows dropped, no DuckDB: the generator's and
 *   the handler's own times, with nothing competing with them;
 * - full run: `runLocal`, exactly what `loglake local run` does, wall clock from opening the warehouse to
 *   the last load checkpointed.
 * plumbing = full wall − reference generate − reference handler; ratio = plumbing ÷ reference handler.
 * Whatever the plumbing costs counts: its own main-thread work, the waits for DuckDB at the end, and any
 * slowdown DuckDB's threads cause the generator or the handler while they overlap. The reported figure is
 * the median pair by ratio; the full run's own per-stage split (collected by bench/stage-timer.ts) is shown beside it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { LakeSink } from "../local/firehose.js";
import type { LocalRunResult } from "../local/run.js";
import { type StageSeconds, StageTimer } from "./stage-timer.js";
import { median } from "./stats.js";

/** A full run's result with the stage split its {@link StageTimer} collected. */
export type TimedRun = LocalRunResult & { readonly stages: StageSeconds };

/** One pair of passes. */
export interface LocalBenchPair {
  /** Generator and handler alone (reference pass), seconds. */
  readonly reference: { generate_s: number; handler_s: number };
  readonly run: TimedRun;
  /** Full run's wall seconds minus the reference generator and handler. */
  readonly plumbing_s: number;
  /** plumbing_s ÷ reference handler_s: the benchmark's figure (target ≤ 0.30). */
  readonly ratio: number;
  /** 1-minute load average when the pair finished (the machine is shared). */
  readonly load: number;
}

/** Figures of the local benchmark. */
export interface LocalBenchResult {
  readonly events: number;
  readonly runs: number;
  /** Median pair (by ratio). */
  readonly median: LocalBenchPair;
  readonly all: LocalBenchPair[];
}

/** A lake that keeps nothing: the reference pass must do no plumbing work. */
const nullLake: LakeSink = {
  addRows: async () => undefined,
  addRaw: async () => undefined,
  addError: () => undefined,
  endInvocation: async () => undefined,
};

/** The reference pass: the same generator and the same real handler, rows dropped. */
async function referencePass(events: number, seed: string): Promise<LocalBenchPair["reference"]> {
  const { LocalFirehose } = await import("../local/firehose.js");
  const { TrafficGenerator } = await import("../local/generator/index.js");
  const { LOCAL_STREAM_NAME } = await import("../local/pipeline.js");
  const { localTransform } = await import("../local/transform.js");
  const firehose = new LocalFirehose((client) => localTransform(client), nullLake, {
    streamName: LOCAL_STREAM_NAME,
    lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:bench-reference",
  });
  const chunks = new TrafficGenerator({ events, seed }).chunks();
  let generateMs = 0;
  for (;;) {
    const t = performance.now();
    const next = chunks.next();
    generateMs += performance.now() - t;
    if (next.done) break;
    await firehose.put(next.value.records);
  }
  await firehose.drain();
  return { generate_s: generateMs / 1000, handler_s: firehose.stats.handlerMs / 1000 };
}

/** Runs `runs` pairs (reference + full run on a fresh directory) and returns the median pair. */
export async function benchLocal(
  options: { events?: number; runs?: number; seed?: string } = {},
): Promise<LocalBenchResult> {
  const events = options.events ?? 1_000_000;
  const runs = options.runs ?? 3;
  const seed = options.seed ?? "bench";
  // Loaded lazily so the environment is set before the AWS SDK (in the transform handler) loads.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { runLocal } = await import("../local/run.js");
  const full = async (): Promise<TimedRun> => {
    const dir = mkdtempSync(join(tmpdir(), "loglake-bench-"));
    try {
      const timer = new StageTimer();
      const result = await runLocal({ events, seed, dir, timer });
      return { ...result, stages: timer.stages() };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const all: LocalBenchPair[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternating order, so a drift in the machine's load does not always favour the same pass.
    let reference: LocalBenchPair["reference"];
    let run: TimedRun;
    if (i % 2 === 0) {
      reference = await referencePass(events, seed);
      run = await full();
    } else {
      run = await full();
      reference = await referencePass(events, seed);
    }
    const plumbing = run.seconds - reference.generate_s - reference.handler_s;
    all.push({ reference, run, plumbing_s: plumbing, ratio: plumbing / reference.handler_s, load: loadavg()[0] ?? 0 });
  }
  const byRatio = [...all].sort((a, b) => a.ratio - b.ratio);
  return { events, runs, median: byRatio[Math.floor(all.length / 2)] as LocalBenchPair, all };
}

/** Human lines for a result (what bench/README.md records). */
export function formatLocalBench(r: LocalBenchResult): string {
  const m = r.median;
  const st = m.run.stages;
  const f = (v: number): string => v.toFixed(1).padStart(5);
  const pairs = r.all.map((p) => `${p.ratio.toFixed(2)} (load ${p.load.toFixed(1)})`).join(", ");
  return [
    `local pipeline: ${r.events.toLocaleString("en-US")} events, ${r.runs} pair(s); median pair by ratio:`,
    `  full run, wall        ${f(m.run.seconds)} s  (${m.run.events_per_s.toLocaleString("en-US")} events/s)`,
    `  reference: generate   ${f(m.reference.generate_s)} s   handler alone ${f(m.reference.handler_s)} s`,
    `  plumbing added        ${f(m.plumbing_s)} s  = full wall − reference generate − reference handler`,
    `  plumbing / handler    ${m.ratio.toFixed(2)}  (target ≤ 0.30)   every pair: ${pairs}`,
    `  median of pairs       ratio ${median(r.all.map((p) => p.ratio)).toFixed(2)}, plumbing ${median(r.all.map((p) => p.plumbing_s)).toFixed(1)} s, handler ${median(r.all.map((p) => p.reference.handler_s)).toFixed(1)} s`,
    `  full run's own split: generate ${f(st.generate_s)} s, handler ${f(st.transform_s)} s, firehose ${f(st.firehose_s)} s, flush wait ${f(st.flush_s)} s, load wait ${f(st.load_s)} s`,
    `                        DuckDB busy beside the handler: converting ${f(st.parquet_busy_s)} s, loading ${f(st.load_busy_s)} s`,
    `  rows: lake ${m.run.lake_rows.toLocaleString("en-US")} in ${m.run.lake_objects} objects, warehouse ${m.run.warehouse_rows.toLocaleString("en-US")}, failed records ${m.run.failed_records}`,
  ].join("\n");
}

/** Entry point for `npm run bench` (bench/run.ts) and `tsx bench/local.ts`; BENCH_LOCAL_EVENTS / BENCH_LOCAL_RUNS override. */
export async function main(): Promise<void> {
  const events = Number(process.env.BENCH_LOCAL_EVENTS ?? 1_000_000);
  const runs = Number(process.env.BENCH_LOCAL_RUNS ?? 3);
  const result = await benchLocal({ events, runs });
  process.stdout.write(`${formatLocalBench(result)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
