/**
 * The Athena stand-in for code: SQL over the curated zone's Parquet (view `log_events`, hive partitions dt
 * and hour), every row collected. Same read-only session as `loglake lake query` (local/query.ts).
 */
import type { LocalPaths } from "./paths.js";
import { QuerySession } from "./query.js";

export { EmptyLakeError } from "./query.js";

/** Runs one read-only statement on the lake; columns by name, rows with JSON-safe values. */
export async function queryLake(paths: LocalPaths, sql: string): Promise<{ columns: string[]; rows: unknown[][] }> {
  const session = await QuerySession.openLake(paths);
  try {
    const stream = await session.stream(sql);
    const rows: unknown[][] = [];
    for await (const batch of stream.batches) for (const row of batch) rows.push(row);
    return { columns: stream.columns.map((c) => c.name), rows };
  } finally {
    session.close();
  }
}
