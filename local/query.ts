/**
 * Read-only, streaming SQL for `loglake query` (the warehouse) and `loglake lake query` (the curated Parquet).
 * Three fences: the warehouse file is opened READ_ONLY with external file access off (the lake's instance may
 * read its curated folder only); configuration is locked; and only one SELECT or EXPLAIN statement may run
 * (core/query/read-only.ts), checked on the prepared statement before anything executes. Rows come out one
 * DuckDB chunk at a time with JSON-safe values (integers as numbers, timestamps as ISO text), so a result of
 * millions of rows never sits in memory.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBType,
  DuckDBTypeId,
  JSDuckDBValueConverter,
  StatementType,
} from "@duckdb/node-api";
import { quoteLiteral } from "../core/load/quote.js";
import {
  QueryRefusedError,
  type QueryTarget,
  refusalForCount,
  refusalForError,
  refusalForStatement,
} from "../core/query/read-only.js";
import { lockConflictMessage, WarehouseBusyError } from "./lock-holder.js";
import type { LocalPaths } from "./paths.js";
import { WarehouseOpenError } from "./warehouse.js";

/** How a column's values print: numbers, text, or time. */
export type ColumnKind = "integer" | "float" | "boolean" | "timestamp" | "date" | "text" | "other";

/** One result column. */
export interface QueryColumn {
  readonly name: string;
  /** DuckDB's type text (BIGINT, TIMESTAMP, VARCHAR…). */
  readonly type: string;
  readonly kind: ColumnKind;
}

/** A running query: its columns, then its rows in batches (one DuckDB chunk each, ≤ 2,048 rows). */
export interface QueryStream {
  readonly columns: readonly QueryColumn[];
  readonly batches: AsyncIterable<unknown[][]>;
}

/** The lake has no curated Parquet yet. */
export class EmptyLakeError extends Error {
  override readonly name = "EmptyLakeError";
}

/** The SQL failed in DuckDB (a syntax error, an unknown column): DuckDB's first line. */
export class QueryFailedError extends Error {
  override readonly name = "QueryFailedError";
}

const NO_EXTENSIONS = { autoinstall_known_extensions: "false", autoload_known_extensions: "false" } as const;

/** A read-only query session over one DuckDB instance; {@link close} it when done. */
export class QuerySession {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly target: QueryTarget,
  ) {}

  /** Opens the warehouse file read-only, external access off. */
  static async openWarehouse(path: string): Promise<QuerySession> {
    if (!existsSync(path)) throw new WarehouseOpenError(`no warehouse at ${path}; run \`loglake local run\` first`);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, {
        ...NO_EXTENSIONS,
        access_mode: "READ_ONLY",
        enable_external_access: "false",
        lock_configuration: "true",
      });
    } catch (error) {
      const message = firstLine(error);
      const busy = lockConflictMessage(message, path);
      if (busy) throw new WarehouseBusyError(busy);
      throw new WarehouseOpenError(`cannot open warehouse ${path}: ${message}`);
    }
    return new QuerySession(instance, await instance.connect(), "warehouse");
  }

  /** An in-memory DuckDB with a `log_events` view over the curated Parquet; it may read that folder only. */
  static async openLake(paths: LocalPaths): Promise<QuerySession> {
    const curated = join(paths.lake, "curated", "log_events");
    if (!hasParquet(curated)) throw new EmptyLakeError(`no Parquet under ${curated}; run \`loglake local run\` first`);
    const instance = await DuckDBInstance.create(":memory:", NO_EXTENSIONS);
    const connection = await instance.connect();
    const glob = join(curated, "**", "*.parquet");
    await connection.run(
      `CREATE VIEW log_events AS SELECT * FROM read_parquet(${quoteLiteral(glob)}, hive_partitioning = true)`,
    );
    await connection.run(`SET allowed_directories = [${quoteLiteral(`${curated}/`)}]`);
    await connection.run("SET enable_external_access = false");
    await connection.run("SET lock_configuration = true");
    return new QuerySession(instance, connection, "lake");
  }

  /** Checks and starts one statement; refusals and SQL errors are thrown before any row is read. */
  async stream(sql: string): Promise<QueryStream> {
    const extracted = await this.connection.extractStatements(sql).catch((error: unknown) => {
      throw new QueryFailedError(firstLine(error).replace(/^Failed to extract statements: /, ""));
    });
    const countRefusal = refusalForCount(extracted.count);
    if (countRefusal) throw new QueryRefusedError(countRefusal);
    const prepared = await extracted.prepare(0).catch((error: unknown) => {
      const message = firstLine(error);
      throw refusalForError(message, this.target)
        ? new QueryRefusedError(refusalForError(message, this.target) as string)
        : new QueryFailedError(message);
    });
    const refusal = refusalForStatement(StatementType[prepared.statementType] ?? "INVALID", this.target);
    if (refusal) throw new QueryRefusedError(refusal);
    const result = await prepared.stream().catch((error: unknown) => {
      throw new QueryFailedError(firstLine(error));
    });
    const types = result.columnTypes();
    const columns = result.columnNames().map((name, i) => column(name, types[i] as DuckDBType));
    const convert = columns.map((c) => converterFor(c.kind));
    async function* batches(): AsyncGenerator<unknown[][]> {
      for (;;) {
        const chunk = await result.fetchChunk().catch((error: unknown) => {
          throw new QueryFailedError(firstLine(error));
        });
        if (!chunk || chunk.rowCount === 0) return;
        const rows = chunk.convertRows(JSDuckDBValueConverter) as unknown[][];
        for (const row of rows) for (let i = 0; i < row.length; i++) row[i] = (convert[i] ?? jsonSafe)(row[i]);
        yield rows;
      }
    }
    return { columns, batches: batches() };
  }

  /** Releases the file (and DuckDB's lock on it). */
  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function hasParquet(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return (readdirSync(dir, { recursive: true }) as string[]).some((f) => f.endsWith(".parquet"));
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

const INTEGER_TYPES = new Set<number>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
]);
const FLOAT_TYPES = new Set<number>([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL]);
const TIMESTAMP_TYPES = new Set<number>([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
]);
const TEXT_TYPES = new Set<number>([DuckDBTypeId.VARCHAR, DuckDBTypeId.UUID, DuckDBTypeId.ENUM]);

function column(name: string, type: DuckDBType): QueryColumn {
  const id = type.typeId;
  const kind: ColumnKind = INTEGER_TYPES.has(id)
    ? "integer"
    : FLOAT_TYPES.has(id)
      ? "float"
      : id === DuckDBTypeId.BOOLEAN
        ? "boolean"
        : TIMESTAMP_TYPES.has(id)
          ? "timestamp"
          : id === DuckDBTypeId.DATE
            ? "date"
            : TEXT_TYPES.has(id)
              ? "text"
              : "other";
  return { name, type: type.toString(), kind };
}

function converterFor(kind: ColumnKind): (v: unknown) => unknown {
  if (kind === "date") return (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : jsonSafe(v));
  return jsonSafe;
}

/**
 * A DuckDB JS value as JSON can carry it: integers as numbers (as text beyond 2^53, so no digit is lost),
 * timestamps as ISO text, nested values converted inside.
 */
export function jsonSafe(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "bigint":
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "object":
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
      if (Array.isArray(value)) return value.map(jsonSafe);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
    default:
      return value;
  }
}
