/**
 * The Athena stand-in: SQL over the curated zone's Parquet with hive partitions, exposed as `log_events`.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { quoteLiteral } from "../core/load/quote.js";
import type { LocalPaths } from "./paths.js";
import type { QueryResult } from "./warehouse.js";

/** The lake has no curated Parquet yet. */
export class EmptyLakeError extends Error {
  override readonly name = "EmptyLakeError";
}

function hasParquet(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return (readdirSync(dir, { recursive: true }) as string[]).some((f) => f.endsWith(".parquet"));
}

/** Runs `sql` with a `log_events` view over `D/lake/curated/log_events/**∕*.parquet` (dt and hour as columns). */
export async function queryLake(paths: LocalPaths, sql: string): Promise<QueryResult> {
  const curated = join(paths.lake, "curated", "log_events");
  if (!hasParquet(curated)) throw new EmptyLakeError(`no Parquet under ${curated}; run \`loglake local run\` first`);
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const glob = join(curated, "**", "*.parquet");
    await connection.run(
      `CREATE VIEW log_events AS SELECT * FROM read_parquet(${quoteLiteral(glob)}, hive_partitioning = true)`,
    );
    const reader = await connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowsJson() as unknown[][] };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
