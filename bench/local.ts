/**
 * Benchmark of the local pipeline (npm run bench calls {@link benchLocal}; `tsx bench/local.ts` runs it
 * alone): end-to-end events/s for 1,000,000 events, the share of time per stage, and the plumbing ratio
 * (local Firehose + Parquet + loading, i.e. what runs after the generator besides the handler, over the
 * handler's own time; target ≤ 0.30). Median of the runs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LocalRunSummary } from "../local/run.js";

/** Figures of the local benchmark. */
export interface LocalBenchResult {
  readonly events: number;
  readonly runs: number;
  /** Median run (by plumbing ratio). */
  readonly median: LocalRunSummary;
  readonly all: LocalRunSummary[];
}

const median = <T>(items: T[], key: (t: T) => number): T =>
  [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)] as T;

/** Runs the local pipeline `runs` times on fresh directories and returns the median run. */
export async function benchLocal(
  options: { events?: number; runs?: number; seed?: string } = {},
): Promise<LocalBenchResult> {
  const events = options.events ?? 1_000_000;
  const runs = options.runs ?? 1;
  // Loaded lazily so the environment is set before the AWS SDK (in the transform handler) loads.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { runLocal } = await import("../local/run.js");
  const all: LocalRunSummary[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), "loglake-bench-"));
    try {
      const { planted: _p, corrupt: _c, ...summary } = await runLocal({ events, seed: options.seed ?? "bench", dir });
      all.push(summary);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { events, runs, median: median(all, (r) => r.plumbing_ratio), all };
}

/** Human lines for a result (what the README records). */
export function formatLocalBench(r: LocalBenchResult): string {
  const m = r.median;
  const st = m.stages;
  const total = st.generate_s + st.transform_s + st.firehose_s + st.flush_s + st.load_s;
  const pct = (v: number): string => `${((v / total) * 100).toFixed(0)}%`;
  return [
    `local pipeline: ${r.events.toLocaleString("en-US")} events, median of ${r.runs} run(s)`,
    `  end to end            ${m.seconds.toFixed(1)} s  (${m.events_per_s.toLocaleString("en-US")} events/s)`,
    `  generate              ${st.generate_s.toFixed(1)} s  ${pct(st.generate_s)}`,
    `  transform (handler)   ${st.transform_s.toFixed(1)} s  ${pct(st.transform_s)}`,
    `  local firehose        ${st.firehose_s.toFixed(1)} s  ${pct(st.firehose_s)}`,
    `  parquet flush         ${st.flush_s.toFixed(1)} s  ${pct(st.flush_s)}   (DuckDB converting beside the handler: ${st.parquet_busy_s.toFixed(1)} s)`,
    `  warehouse load        ${st.load_s.toFixed(1)} s  ${pct(st.load_s)}   (DuckDB loading beside the handler: ${st.load_busy_s.toFixed(1)} s)`,
    `  plumbing / handler    ${m.plumbing_ratio.toFixed(2)}  (target ≤ 0.30)`,
    `  rows: lake ${m.lake_rows.toLocaleString("en-US")}, warehouse ${m.warehouse_rows.toLocaleString("en-US")}, failed records ${m.failed_records}`,
  ].join("\n");
}

/** Entry point for `npm run bench` (bench/run.ts) and `tsx bench/local.ts`; BENCH_LOCAL_EVENTS / BENCH_LOCAL_RUNS override. */
export async function main(): Promise<void> {
  const events = Number(process.env.BENCH_LOCAL_EVENTS ?? 1_000_000);
  const runs = Number(process.env.BENCH_LOCAL_RUNS ?? 1);
  const result = await benchLocal({ events, runs });
  process.stdout.write(`${formatLocalBench(result)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
