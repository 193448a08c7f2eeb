/**
 * The local warehouse: DuckDB at `D/warehouse.duckdb`, loaded with the same planning core and the same
 * load steps as the Redshift loader (ledger + dedupe make replays no-ops), with the same BI views.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { DEFAULT_WAREHOUSE_NAMES, type WarehouseNames } from "../core/load/names.js";
import { type BatchLimits, type ObjectCreated, pendingObjects, planBatches } from "../core/load/plan.js";
import { quoteQualified } from "../core/load/quote.js";
import { duckdbLoadStatements, inTransaction, loadedUrlsQuery } from "../core/load/sql.js";
import { duckdbSetupStatements } from "../schemas/duckdb.js";

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

  /** Opens (creating if needed) the warehouse and sets up tables and views. */
  static async open(path: string, names: WarehouseNames = DEFAULT_WAREHOUSE_NAMES): Promise<LocalWarehouse> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (error) {
      const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new WarehouseOpenError(`cannot open warehouse ${path}: ${detail}`);
    }
    const warehouse = new LocalWarehouse(instance, await instance.connect(), names);
    for (const sql of duckdbSetupStatements(names)) await warehouse.connection.run(sql);
    return warehouse;
  }

  /** Loads new objects: ledger lookup → micro-batches → one transaction per batch. */
  async load(
    objects: readonly ObjectCreated[],
    resolve: (o: ObjectCreated) => string,
    limits = LOCAL_BATCH_LIMITS,
  ): Promise<LoadResult> {
    const loaded = new Set((await this.query(loadedUrlsQuery(this.names))).rows.map((r) => String(r[0])));
    const pending = pendingObjects(objects, loaded);
    let rowsInserted = 0;
    const batches = planBatches(pending, limits);
    for (const batch of batches) {
      const statements = inTransaction(
        duckdbLoadStatements(batch, { names: this.names, paths: batch.objects.map(resolve) }),
      );
      try {
        for (const sql of statements) {
          const reader = await this.connection.runAndReadAll(sql);
          // The dedupe INSERT is the only statement on the target; DuckDB returns its row count.
          if (sql.startsWith(`INSERT INTO ${this.target}`)) rowsInserted += Number(reader.getRowsJS()[0]?.[0] ?? 0);
        }
      } catch (error) {
        await this.connection.run("ROLLBACK").catch(() => undefined);
        throw error;
      }
    }
    return {
      batches: batches.length,
      objects: pending.length,
      skippedObjects: objects.length - pending.length,
      rowsInserted,
    };
  }

  /** Rows in `log_events`. */
  async countRows(): Promise<number> {
    const r = await this.query(`SELECT COUNT(*) FROM ${this.target}`);
    return Number(r.rows[0]?.[0] ?? 0);
  }

  /** Runs one SQL statement and returns its rows (JSON-safe values: big integers become strings). */
  async query(sql: string): Promise<QueryResult> {
    const reader = await this.connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowsJson() as unknown[][] };
  }

  /** Closes the file (releases DuckDB's lock so another process can open it). */
  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
