/**
 * Benchmark of `loglake local load` (npm run bench calls {@link main}; `tsx bench/load.ts` runs it alone): a
 * 1,000,000-event local lake is built once with the local pipeline, then rebuilt into a fresh warehouse file
 * with exactly the command's code path (local/load.ts: list, ledger, micro-batches, probe, insert, ledger rows,
 * checkpoint), beside three references, DuckDB alone with the same thread count:
 * - `sorted`: the warehouse's own `logs.log_events` DDL and `INSERT … SELECT * FROM read_parquet([...]) ORDER BY
 *   event_time` in a fresh file, then CHECKPOINT: the part of the load no loader can skip (the table is
 *   event_time-sorted). The headline ratio is against this one.
 * - `ctas`: `CREATE TABLE t AS SELECT * FROM read_parquet([...])` in a fresh file, then CHECKPOINT. Not a floor:
 *   it writes the rows unsorted, which DuckDB's storage does for more than sorted rows, so the load beats it.
 * - `read`: DuckDB reading the same Parquet and nothing else (`max` of every column, in memory): what reading
 *   costs beside writing the storage.
 * The passes rotate their order every run, so a drift in the shared machine's load favours none; the figures
 * are medians, the ratios also as the spread of the runs' own ratios. Each writing pass's file is new; the
 * lake's files stay in the page cache for all of them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { duckdbSetupStatements } from "../core/load/duckdb-ddl.js";
import { quoteLiteral } from "../core/load/quote.js";
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
  readonly ctas_s: number[];
  /** DuckDB's INSERT … ORDER BY event_time into the warehouse's table DDL in a fresh file, seconds per run. */
  readonly sorted_s: number[];
  /** DuckDB reading every column of the same Parquet (in memory, nothing written), seconds per run. */
  readonly read_s: number[];
  /** A second `local load` over the loaded warehouse (every object in the ledger), seconds. */
  readonly noop_s: number;
  /** 1-minute load average before and after (the machine is shared). */
  readonly load_avg: readonly [number, number];
}

/** Times one reference pass in a fresh DuckDB file: opening, the statements, CHECKPOINT (the load's time has its opening too). */
async function floorPass(file: string, threads: number, statements: readonly string[]): Promise<number> {
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
  const ms = await timeMs(async () => {
    const db = await DuckDBInstance.create(file, { threads: String(threads) });
    const c = await db.connect();
    for (const sql of statements) await c.run(sql);
    await c.run("CHECKPOINT");
    c.closeSync();
    db.closeSync();
  });
  return ms / 1000;
}

/** Times DuckDB reading every column of the Parquet in memory (`max(COLUMNS(*))` decodes each one, writes nothing). */
async function readPass(threads: number, parquet: string): Promise<number> {
  const ms = await timeMs(async () => {
    const db = await DuckDBInstance.create(":memory:", { threads: String(threads) });
    const c = await db.connect();
    await c.run(`SELECT max(COLUMNS(*)) FROM ${parquet}`);
    c.closeSync();
    db.closeSync();
  });
  return ms / 1000;
}

/** Builds the lake once, then `runs` rotations of the load and the three references. */
export async function benchLoad(
  options: { events?: number; runs?: number; threads?: number } = {},
): Promise<LoadBenchResult> {
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
    // hive_partitioning off, as the load reads them: the same 31 columns, no dt/hour added from the paths.
    const parquet = `read_parquet([${objects.map((o) => quoteLiteral(lakeFile(paths, o))).join(", ")}], hive_partitioning = false)`;
    const floorFile = join(dir, "floor.duckdb");
    const before = loadavg()[0] ?? 0;
    const times = { load: [] as number[], ctas: [] as number[], sorted: [] as number[], read: [] as number[] };
    let rows = 0;
    const passes: Record<keyof typeof times, () => Promise<number>> = {
      load: async () => {
        rmSync(paths.warehouse, { force: true });
        rmSync(`${paths.warehouse}.wal`, { force: true });
        const r = await loadLocalLake({ dir, threads });
        rows = r.rows_inserted;
        return r.seconds;
      },
      ctas: () => floorPass(floorFile, threads, [`CREATE TABLE t AS SELECT * FROM ${parquet}`]),
      sorted: () =>
        floorPass(floorFile, threads, [
          ...duckdbSetupStatements(),
          `INSERT INTO "logs"."log_events" SELECT * FROM ${parquet} ORDER BY "event_time"`,
        ]),
      read: () => readPass(threads, parquet),
    };
    const order = ["load", "sorted", "ctas", "read"] as const;
    for (let i = 0; i < runs; i++) {
      for (let j = 0; j < order.length; j++) {
        const name = order[(i + j) % order.length] as keyof typeof times;
        times[name].push(await passes[name]());
      }
    }
    const noop = await loadLocalLake({ dir, threads });
    return {
      events,
      objects: objects.length,
      rows,
      threads,
      runs,
      load_s: times.load,
      ctas_s: times.ctas,
      sorted_s: times.sorted,
      read_s: times.read,
      noop_s: noop.seconds,
      load_avg: [before, loadavg()[0] ?? 0],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Human lines for a result (what bench/README.md records). */
export function formatLoadBench(r: LoadBenchResult): string {
  const load = median(r.load_s);
  const line = (label: string, runs: number[]): string => {
    const m = median(runs);
    return `  ${label.padEnd(44)} ${m.toFixed(2).padStart(6)} s → ${fmt(r.rows / m).padStart(7)} rows/s   runs: ${runs.map((s) => s.toFixed(2)).join(", ")}`;
  };
  const ratio = (other: number[]): string => {
    const own = r.load_s.map((l, i) => l / (other[i] as number));
    return `${(load / median(other)).toFixed(2)}× (medians; the runs' own ratios: median ${median(own).toFixed(2)}×, ${Math.min(...own).toFixed(2)}–${Math.max(...own).toFixed(2)}×)`;
  };
  return [
    `local load: ${fmt(r.events)}-event lake, ${fmt(r.rows)} rows in ${r.objects} objects, ${r.threads} DuckDB thread(s), median of ${r.runs}:`,
    line("loglake local load (fresh warehouse)", r.load_s),
    line("sorted INSERT: INSERT … ORDER BY event_time", r.sorted_s),
    line("CTAS: CREATE TABLE AS read_parquet", r.ctas_s),
    line("plain read: max(COLUMNS(*)) of the Parquet", r.read_s),
    `  load ÷ sorted INSERT  ${ratio(r.sorted_s)}`,
    `  load ÷ CTAS           ${ratio(r.ctas_s)}`,
    `  second load (every object in the ledger) ${r.noop_s.toFixed(2)} s`,
    `  1-minute load average ${r.load_avg[0].toFixed(1)} → ${r.load_avg[1].toFixed(1)}`,
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
