/**
 * The local warehouse: DuckDB at `D/warehouse.duckdb`, loaded with the same planning core and the same
 * load steps as the Redshift loader (ledger + dedupe make replays no-ops), with the same BI views.
 */
import { availableParallelism } from "node:os";
import { DuckDBInstance } from "@duckdb/node-api";
import { duckdbSetupStatements } from "../core/load/duckdb-ddl.js";
import { DEFAULT_WAREHOUSE_NAMES, type WarehouseNames } from "../core/load/names.js";
import { type BatchLimits, type ObjectCreated, objectUrl, pendingObjects, planBatches } from "../core/load/plan.js";
import { quoteQualified } from "../core/load/quote.js";
import { duckdbLoadProbe, duckdbLoadSteps, duckdbPlainInsert, loadedUrlsQuery, stepSql } from "../core/load/sql.js";

/** A warehouse file that DuckDB cannot open (corrupt, not DuckDB, locked). */
export class WarehouseOpenError extends Error {
  override readonly name = "WarehouseOpenError";
}

/** Result of one load call. */
export interface LoadResult {
  readonly batches: number;
  readonly objects: number;
  readonly skippedObjects: number;
  readonly rowsInserted: number;
}

/** Tabular query result with JSON-safe values. */
export interface QueryResult {
  readonly columns: string[];
  readonly rows: unknown[][];
}

type Connection = Awaited<ReturnType<DuckDBInstance["connect"]>>;

/**
 * DuckDB worker threads per instance in the pipeline (the Parquet converter and the warehouse each have
 * one): the handler keeps one core busy and the two instances share the rest. `LOGLAKE_DUCKDB_THREADS`
 * overrides. Measured on 2 vCPUs: one thread does the same DuckDB work in the same wall time as two, with
 * about half the CPU (two threads mostly add lock contention), and leaves the handler its core.
 */
export function defaultDuckdbThreads(env: Record<string, string | undefined> = process.env): number {
  const v = Number(env.LOGLAKE_DUCKDB_THREADS);
  if (Number.isInteger(v) && v > 0) return v;
  return Math.max(1, Math.floor((availableParallelism() - 1) / 2));
}

/** Default micro-batch limits locally: small enough to exercise batching, large enough to stay fast. */
export const LOCAL_BATCH_LIMITS: BatchLimits = { maxObjects: 64, maxBytes: 512 * 1024 * 1024 };

/** DuckDB warehouse file; open with {@link LocalWarehouse.open}, close when done. */
export class LocalWarehouse {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: Connection,
    readonly names: WarehouseNames,
  ) {
    this.target = quoteQualified(names.schema, names.table);
  }

  private readonly target: string;

  /**
   * Opens (creating if needed) the warehouse and sets up tables and views. `threads` caps DuckDB's workers
   * (default: DuckDB's own, all cores); the pipeline passes {@link defaultDuckdbThreads}.
   */
  static async open(
    path: string,
    names: WarehouseNames = DEFAULT_WAREHOUSE_NAMES,
    options: { threads?: number } = {},
  ): Promise<LocalWarehouse> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, options.threads ? { threads: String(options.threads) } : {});
    } catch (error) {
      const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new WarehouseOpenError(`cannot open warehouse ${path}: ${detail}`);
    }
    const warehouse = new LocalWarehouse(instance, await instance.connect(), names);
    for (const sql of duckdbSetupStatements(names)) await warehouse.connection.run(sql);
    return warehouse;
  }

  /**
   * Object URLs in the ledger, read once and then kept up to date by {@link load}: this instance holds
   * DuckDB's file lock, so only it writes the ledger ({@link query} drops the copy, as it may run anything).
   */
  private loadedUrls: Set<string> | null = null;

  /** Loads new objects: ledger lookup → micro-batches → one transaction per batch. */
  async load(
    objects: readonly ObjectCreated[],
    resolve: (o: ObjectCreated) => string,
    limits = LOCAL_BATCH_LIMITS,
  ): Promise<LoadResult> {
    this.loadedUrls ??= new Set((await this.query(loadedUrlsQuery(this.names))).rows.map((r) => String(r[0])));
    const loaded = this.loadedUrls;
    const pending = pendingObjects(objects, loaded);
    let rowsInserted = 0;
    const batches = planBatches(pending, limits);
    for (const batch of batches) {
      const steps = duckdbLoadSteps(batch, { names: this.names, paths: batch.objects.map(resolve) });
      // Two calls per batch (three when the dedupe is needed), each a multi-statement text DuckDB runs in
      // one go: every call waits for a turn of the event loop, which the handler holds for tens of ms at a
      // time, so per-statement calls made each load mostly waiting. The first call opens the transaction,
      // stages the batch and probes whether the dedupe can drop anything (see duckdbLoadProbe); if not,
      // the plain INSERT and the rest go in one call and the inserted rows are the staged ones.
      const rest = [...stepSql(steps, "ledgerRows", "dropStage"), "COMMIT"].join(";\n");
      try {
        const probe = await this.connection.runAndReadAll(
          ["BEGIN TRANSACTION", ...stepSql(steps, "createStage"), duckdbLoadProbe(batch, this.names)].join(";\n"),
        );
        const [fast, staged] = probe.getRowsJS()[0] ?? [false, 0];
        if (fast === true) {
          await this.connection.run(`${duckdbPlainInsert(batch, this.names)};\n${rest}`);
          rowsInserted += Number(staged ?? 0);
        } else {
          const reader = await this.connection.runAndReadAll(stepSql(steps, "insertNew").join(";\n"));
          rowsInserted += Number(reader.getRowsJS()[0]?.[0] ?? 0);
          await this.connection.run(rest);
        }
      } catch (error) {
        await this.connection.run("ROLLBACK").catch(() => undefined);
        this.loadedUrls = null;
        throw error;
      }
      for (const o of batch.objects) loaded.add(objectUrl(o));
    }
    return {
      batches: batches.length,
      objects: pending.length,
      skippedObjects: objects.length - pending.length,
      rowsInserted,
    };
  }

  /** Writes everything committed into the file (what closing would do, but timed where it is called). */
  async checkpoint(): Promise<void> {
    await this.connection.run("CHECKPOINT");
  }

  /** Rows in `log_events`. */
  async countRows(): Promise<number> {
    const r = await this.query(`SELECT COUNT(*) FROM ${this.target}`);
    return Number(r.rows[0]?.[0] ?? 0);
  }

  /** Runs one SQL statement and returns its rows (JSON-safe values: big integers become strings). */
  async query(sql: string): Promise<QueryResult> {
    this.loadedUrls = null;
    const reader = await this.connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowsJson() as unknown[][] };
  }

  /** Closes the file (releases DuckDB's lock so another process can open it). */
  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
