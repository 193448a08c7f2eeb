/**
 * `loglake local load`: rebuilds the local warehouse from the lake. Every curated Parquet object under
 * `D/lake/curated/log_events/` is listed (keys per schemas/lake-layout.ts) and handed to the same
 * {@link LocalWarehouse.load} the pipeline uses, so the ledger skips what is loaded and the dedupe keeps one
 * row per event_id. For a warehouse that was lost, or that missed objects (a full disk, an interrupted run).
 * The ledger cannot see rows deleted from the warehouse while their objects stay listed: those objects are
 * skipped, so the load ends by comparing the distinct event ids of the lake and of the warehouse and names
 * the partitions that miss rows (see core/load/duckdb-coverage.ts).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, sep } from "node:path";
import { duckdbCoverageQuery, duckdbMissingPartitionsQuery } from "../core/load/duckdb-coverage.js";
import type { BatchLimits, ObjectCreated } from "../core/load/plan.js";
import { curatedPartition, LAKE_PREFIXES } from "../schemas/lake-layout.js";
import { LOCAL_BUCKET } from "./lake.js";
import { ensureExistingDir, LocalDirError, type LocalPaths, lakeFile, localPaths } from "./paths.js";
import { LOCAL_BATCH_LIMITS, LocalWarehouse } from "./warehouse.js";

/** What a local load did; field names are the `--json` contract. */
export interface LocalLoadResult {
  /** Curated Parquet objects in the lake. */
  objects_listed: number;
  /** Objects loaded now, and those the ledger already held. */
  objects_loaded: number;
  objects_skipped: number;
  batches: number;
  rows_inserted: number;
  /** Rows in the warehouse afterwards. */
  warehouse_rows: number;
  /** Distinct event ids of the listed objects, and of the warehouse afterwards: equal when it is complete. */
  lake_distinct_event_ids: number;
  warehouse_distinct_event_ids: number;
  /**
   * `dt=` partitions holding lake event ids the warehouse lacks (empty when complete): their objects are in
   * the ledger while their rows are gone, so a load skips them until those ledger rows are deleted.
   */
  partitions_missing_rows: string[];
  threads: number;
  seconds: number;
  dir: string;
  warehouse_file: string;
}

/** Progress of a load: objects handed to the warehouse so far, of all listed. */
export interface LocalLoadProgress {
  readonly done: number;
  readonly total: number;
}

/** Options of {@link loadLocalLake}. */
export interface LocalLoadOptions {
  readonly dir: string;
  /** DuckDB threads (default: `LOGLAKE_DUCKDB_THREADS`, else every core: nothing else runs beside a rebuild). */
  readonly threads?: number;
  readonly limits?: BatchLimits;
  readonly onProgress?: (p: LocalLoadProgress) => void;
  /** Aborting stops between batches: what was loaded stays loaded (each batch is one transaction). */
  readonly signal?: AbortSignal;
}

/** The load was interrupted (Ctrl-C, SIGTERM) between batches; what was loaded stays loaded. */
export class LoadInterruptedError extends Error {
  override readonly name = "LoadInterruptedError";
  constructor(
    readonly signal: string,
    done: number,
    total: number,
  ) {
    super(
      `interrupted by ${signal} after ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} objects; what was loaded stays loaded (rerun to finish)`,
    );
  }
}

/**
 * Every curated Parquet object of the local lake as the notifications the loader gets, in key order (dt, hour,
 * then object name: oldest events first, which keeps each batch's event_time range narrow). Files that are not
 * curated object keys (a `.parquet.tmp` a conversion was writing) are not listed.
 */
export function listCuratedObjects(paths: LocalPaths): ObjectCreated[] {
  const top = join(paths.lake, ...LAKE_PREFIXES.logEvents.split("/"));
  if (!existsSync(top)) return [];
  const objects: ObjectCreated[] = [];
  for (const d of readdirSync(top, { recursive: true, withFileTypes: true })) {
    if (!d.isFile()) continue;
    const file = join(d.parentPath, d.name);
    const key = relative(paths.lake, file).split(sep).join("/");
    if (curatedPartition(key) === null) continue;
    objects.push({ bucket: LOCAL_BUCKET, key, size: statSync(file).size });
  }
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Loads every curated object of `D/lake` into `D/warehouse.duckdb` (created when missing). */
export async function loadLocalLake(options: LocalLoadOptions): Promise<LocalLoadResult> {
  const started = performance.now();
  const paths = localPaths(options.dir);
  ensureExistingDir(options.dir);
  if (!existsSync(paths.lake)) throw new LocalDirError(`no lake at ${paths.lake}: nothing to load`);
  const objects = listCuratedObjects(paths);
  const limits = options.limits ?? LOCAL_BATCH_LIMITS;
  const fromEnv = Number(process.env.LOGLAKE_DUCKDB_THREADS);
  const threads = options.threads ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : availableParallelism());
  const warehouse = await LocalWarehouse.open(paths.warehouse, undefined, { threads });
  const totals = { batches: 0, loaded: 0, skipped: 0, rows: 0 };
  try {
    options.onProgress?.({ done: 0, total: objects.length });
    // One batch's worth of objects per call: progress and interrupts land between transactions.
    for (let i = 0; i < objects.length; i += limits.maxObjects) {
      if (options.signal?.aborted) {
        const reason = options.signal.reason;
        throw new LoadInterruptedError(typeof reason === "string" ? reason : "an abort", i, objects.length);
      }
      const chunk = objects.slice(i, i + limits.maxObjects);
      const r = await warehouse.load(chunk, (o) => lakeFile(paths, o), limits);
      totals.batches += r.batches;
      totals.loaded += r.objects;
      totals.skipped += r.skippedObjects;
      totals.rows += r.rowsInserted;
      options.onProgress?.({ done: i + chunk.length, total: objects.length });
    }
    await warehouse.checkpoint();
    const warehouseRows = await warehouse.countRows();
    const files = objects.map((o) => lakeFile(paths, o));
    const [lake, held] = (await warehouse.query(duckdbCoverageQuery(files, warehouse.names))).rows[0] ?? [0, 0];
    const missing =
      Number(lake) === Number(held)
        ? []
        : (await warehouse.query(duckdbMissingPartitionsQuery(files, warehouse.names))).rows.map((r) => String(r[0]));
    return {
      objects_listed: objects.length,
      objects_loaded: totals.loaded,
      objects_skipped: totals.skipped,
      batches: totals.batches,
      rows_inserted: totals.rows,
      warehouse_rows: warehouseRows,
      lake_distinct_event_ids: Number(lake),
      warehouse_distinct_event_ids: Number(held),
      partitions_missing_rows: missing,
      threads,
      seconds: Math.round(performance.now() - started) / 1000,
      dir: paths.dir,
      warehouse_file: paths.warehouse,
    };
  } finally {
    warehouse.close();
  }
}
