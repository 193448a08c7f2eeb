/**
 * The check after a local rebuild: does the warehouse hold every distinct event id of the lake objects it was
 * given? The ledger alone cannot say: an object it lists is skipped even when its rows were deleted from the
 * warehouse since, so a load can report "0 loaded" over a warehouse that misses rows. Reading the same Parquet
 * again costs little (DuckDB: ~0.2 s per 1M rows).
 */
import type { WarehouseNames } from "./names.js";
import { quoteLiteral, quoteQualified } from "./quote.js";

const lakeRead = (paths: readonly string[], extra = ""): string =>
  `read_parquet([${paths.map(quoteLiteral).join(", ")}], hive_partitioning = false${extra})`;

/**
 * One row `(lake, warehouse)`: distinct event ids of these Parquet files, and of the fact table. With no file
 * the lake side is 0 (DuckDB refuses an empty file list).
 */
export function duckdbCoverageQuery(paths: readonly string[], names: WarehouseNames): string {
  const target = quoteQualified(names.schema, names.table);
  const lake = paths.length === 0 ? "0" : `(SELECT COUNT(DISTINCT "event_id") FROM ${lakeRead(paths)})`;
  return `SELECT ${lake} AS "lake", (SELECT COUNT(DISTINCT "event_id") FROM ${target}) AS "warehouse"`;
}

/**
 * The `dt=` partitions (sorted) holding an event id of these files that the fact table lacks: where the
 * ledger lists objects whose rows are gone. Run only when {@link duckdbCoverageQuery} finds a gap.
 */
export function duckdbMissingPartitionsQuery(paths: readonly string[], names: WarehouseNames): string {
  const target = quoteQualified(names.schema, names.table);
  if (paths.length === 0) return `SELECT NULL AS "dt" WHERE false`;
  return `SELECT DISTINCT regexp_extract(l."filename", '(?:^|[/\\\\])dt=([^/\\\\]+)[/\\\\]', 1) AS "dt" FROM ${lakeRead(paths, ", filename = true")} AS l ANTI JOIN ${target} AS t ON t."event_id" = l."event_id" ORDER BY "dt"`;
}

/** The statement an operator runs to make the next load reload one `dt=` partition's objects. */
export function ledgerPartitionDelete(names: WarehouseNames, dt: string): string {
  return `DELETE FROM ${quoteQualified(names.schema, names.ledger)} WHERE object_url LIKE ${quoteLiteral(`%dt=${dt}/%`)}`;
}
