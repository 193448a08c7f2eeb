/**
 * Benchmark of `loglake local load` (npm run bench calls {@link main}; `tsx bench/load.ts` runs it alone): a
 * 1,000,000-event local lake is built once with the local pipeline, then rebuilt into a fresh warehouse file
 * with exactly the command's code path (local/load.ts: list, ledger, micro-batches, probe, insert, ledger rows,
 * checkpoint), beside the floor: DuckDB alone reading the same Parquet into a table in a fresh file
 * (`CREATE TABLE t AS SELECT * FROM read_parquet([...])`, then CHECKPOINT), with the same thread count.
 * Runs alternate (load, floor, floor, load, …) so a drift in the shared machine's load favours neither; the
 * figures are medians.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { quoteLiteral } from "../core/load/quote.js";
import type { LocalLoadResult } from "../local/load.js";
import { fmt, median, timeMs } from "./stats.js";

/** Figures of the load benchmark. */
export interface LoadBenchResult {
  readonly events: number;
  readonly objects: number;
  readonly rows: number;
  readonly threads: number;
  readonly runs: number;
  /** `local load` into a fresh warehouse, seconds per run. */
  readonly load_s: number[];
  /** DuckDB's CREATE TABLE AS read_parquet into a fresh file, seconds per run. */
  readonly floor_s: number[];
  /** A second `local load` over the loaded warehouse (every object in the ledger), seconds. */
  readonly noop_s: number;
  /** 1-minute load average before and after (the machine is shared). */
  readonly load_avg: readonly [number, number];
}

async function floorPass(file: string, parquet: readonly string[], threads: number): Promise<number> {
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
  const ms = await timeMs(async () => {
    const db = await DuckDBInstance.create(file, { threads: String(threads) });
    const c = await db.connect();
    await c.run(`CREATE TABLE t AS SELECT * FROM read_parquet([${parquet.map(quoteLiteral).join(", ")}])`);
    await c.run("CHECKPOINT");
    c.closeSync();
    db.closeSync();
  });
  return ms / 1000;
}

/** Builds the lake once, then `runs` alternating passes of the load and of the floor. */
export async function benchLoad(options: { events?: number; runs?: number; threads?: number } = {}) {
  const events = options.events ?? 1_000_000;
  const runs = options.runs ?? 3;
  const threads = options.threads ?? availableParallelism();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { runLocal } = await import("../local/run.js");
  const { listCuratedObjects, loadLocalLake } = await import("../local/load.js");
  const { lakeFile, localPaths } = await import("../local/paths.js");
  const dir = mkdtempSync(join(tmpdir(), "loglake-bench-load-"));
  try {
    await runLocal({ events, seed: "bench", dir });
    const paths = localPaths(dir);
    const objects = listCuratedObjects(paths);
    const parquet = objects.map((o) => lakeFile(paths, o));
    const floorFile = join(dir, "floor.duckdb");
    const before = loadavg()[0] ?? 0;
    const load_s: number[] = [];
    const floor_s: number[] = [];
    let last: LocalLoadResult | undefined;
    const loadPass = async (): Promise<number> => {
      rmSync(paths.warehouse, { force: true });
      rmSync(`${paths.warehouse}.wal`, { force: true });
      last = await loadLocalLake({ dir, threads });
      return last.seconds;
    };
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        load_s.push(await loadPass());
        floor_s.push(await floorPass(floorFile, parquet, threads));
      } else {
        floor_s.push(await floorPass(floorFile, parquet, threads));
        load_s.push(await loadPass());
      }
    }
    const noop = await loadLocalLake({ dir, threads });
    return {
      events,
      objects: objects.length,
      rows: last?.rows_inserted ?? 0,
      threads,
      runs,
      load_s,
      floor_s,
      noop_s: noop.seconds,
      load_avg: [before, loadavg()[0] ?? 0],
    } satisfies LoadBenchResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Human lines for a result (what bench/README.md records). */
export function formatLoadBench(r: LoadBenchResult): string {
  const load = median(r.load_s);
  const floor = median(r.floor_s);
  const each = (v: number[]): string => v.map((s) => s.toFixed(2)).join(", ");
  return [
    `local load: ${fmt(r.events)}-event lake, ${fmt(r.rows)} rows in ${r.objects} objects, ${r.threads} DuckDB thread(s), median of ${r.runs}:`,
    `  loglake local load (fresh warehouse)  ${load.toFixed(2)} s → ${fmt(r.rows / load)} rows/s   runs: ${each(r.load_s)}`,
    `  floor: CREATE TABLE AS read_parquet   ${floor.toFixed(2)} s → ${fmt(r.rows / floor)} rows/s   runs: ${each(r.floor_s)}`,
    `  load ÷ floor                          ${(load / floor).toFixed(2)}×`,
    `  second load (all in the ledger)       ${r.noop_s.toFixed(2)} s`,
    `  1-minute load average                 ${r.load_avg[0].toFixed(1)} → ${r.load_avg[1].toFixed(1)}`,
  ].join("\n");
}

/** Entry point; BENCH_LOAD_EVENTS / BENCH_LOAD_RUNS / LOGLAKE_DUCKDB_THREADS override. */
export async function main(): Promise<void> {
  const threads = Number(process.env.LOGLAKE_DUCKDB_THREADS);
  const result = await benchLoad({
    events: Number(process.env.BENCH_LOAD_EVENTS ?? 1_000_000),
    runs: Number(process.env.BENCH_LOAD_RUNS ?? 3),
    ...(Number.isInteger(threads) && threads > 0 ? { threads } : {}),
  });
  process.stdout.write(`${formatLoadBench(result)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
