/**
 * Redshift DDL generated from the column catalog: `logs.log_events`, the load ledger and the `bi.*` views
 * (materialized where {@link BiView.materialized} says so).
 *
 * Parquet COPY maps columns by POSITION, so the table's columns come straight from the catalog in order.
 */

import { type ColumnSpec, LOG_EVENTS_COLUMNS, type LogicalType } from "../../schemas/catalog.js";
import { DEFAULT_WAREHOUSE_NAMES, LOAD_LEDGER_COLUMNS, type WarehouseNames } from "./names.js";
import { quoteIdent, quoteQualified } from "./quote.js";
import { type BiView, plainViewStatement, warehouseSetupStatements } from "./views.js";

const SCALAR_TYPES: Record<Exclude<LogicalType, "string">, string> = {
  timestamp: "TIMESTAMP",
  double: "DOUBLE PRECISION",
  int: "INTEGER",
  bigint: "BIGINT",
};

/** Redshift type of a catalog column; strings get their catalog width (values are cut to fit upstream). */
export function redshiftType(col: ColumnSpec): string {
  return col.type === "string" ? `VARCHAR(${col.maxBytes ?? 256})` : SCALAR_TYPES[col.type];
}

/** The sort key column: BI reads recent days and weekly/monthly ranges, so zone maps on event_time prune most blocks. */
export const REDSHIFT_SORT_KEY = "event_time";
/**
 * DISTKEY(event_id): the one join this table takes part in is the loader's dedupe anti-join on event_id,
 * which stays slice-local this way; unique ids also spread rows evenly. BI queries aggregate, they don't join.
 */
export const REDSHIFT_DIST_KEY = "event_id";

/** Column compression: RAW for the sort key, AZ64 for integers and timestamps, ZSTD for strings and floats. */
export function redshiftEncoding(col: ColumnSpec): string {
  // AWS advises leaving the leading sort key column RAW so range-restricted scans stay effective.
  if (col.name === REDSHIFT_SORT_KEY) return "RAW";
  // AZ64 takes SMALLINT, INTEGER, BIGINT, DECIMAL, DATE, TIMESTAMP(TZ) only (Redshift docs,
  // az64-encoding): a DOUBLE PRECISION column with AZ64 fails CREATE TABLE, so floats get ZSTD.
  return col.type === "string" || col.type === "double" ? "ZSTD" : "AZ64";
}

/** Column lines of a CREATE TABLE: `"name" TYPE [NOT NULL] ENCODE enc`. */
export function columnLines(columns: readonly ColumnSpec[]): string {
  return columns
    .map(
      (c) => `  ${quoteIdent(c.name)} ${redshiftType(c)}${c.nullable ? "" : " NOT NULL"} ENCODE ${redshiftEncoding(c)}`,
    )
    .join(",\n");
}

/**
 * `CREATE TABLE` for `log_events`, columns in catalog order, `DISTKEY(event_id)` and `SORTKEY("event_time")`.
 * `columns` is the catalog (a parameter so the warehouse setup can be tested with a catalog that grew).
 */
export function redshiftLogEventsDdl(
  names: WarehouseNames = DEFAULT_WAREHOUSE_NAMES,
  columns: readonly ColumnSpec[] = LOG_EVENTS_COLUMNS,
): string {
  return [
    `CREATE TABLE IF NOT EXISTS ${quoteQualified(names.schema, names.table)} (`,
    columnLines(columns),
    ")",
    `DISTSTYLE KEY DISTKEY (${quoteIdent(REDSHIFT_DIST_KEY)})`,
    `SORTKEY (${quoteIdent(REDSHIFT_SORT_KEY)})`,
  ].join("\n");
}

/** `CREATE TABLE` for the load ledger (small: DISTSTYLE ALL copies it to every node for cheap lookups). */
export function redshiftLedgerDdl(names: WarehouseNames = DEFAULT_WAREHOUSE_NAMES): string {
  return [
    `CREATE TABLE IF NOT EXISTS ${quoteQualified(names.schema, names.ledger)} (`,
    columnLines(LOAD_LEDGER_COLUMNS),
    ")",
    "DISTSTYLE ALL",
    `SORTKEY (${quoteIdent("loaded_at")})`,
  ].join("\n");
}

/**
 * One BI view's Redshift DDL. A materialized view gets `AUTO REFRESH YES`: Redshift refreshes it incrementally
 * after loads, when the warehouse has spare capacity (so it trails the loads by minutes). Redshift has no
 * `CREATE MATERIALIZED VIEW IF NOT EXISTS` nor `OR REPLACE`: this creates it, and whoever runs it on a warehouse
 * that already has the object decides whether to drop it first. Plain views are `CREATE OR REPLACE VIEW`.
 */
export function redshiftViewStatement(names: WarehouseNames, view: BiView): string {
  if (!view.materialized) return plainViewStatement(names, view);
  return `CREATE MATERIALIZED VIEW ${quoteQualified(names.biSchema, view.name)} AUTO REFRESH YES AS ${view.select}`;
}

/**
 * Every statement that sets up a fresh Redshift warehouse, in order: schemas, tables, BI views. The schemas,
 * tables and plain views are idempotent; a materialized view's CREATE fails where it already exists.
 */
export function redshiftSetupStatements(names: WarehouseNames = DEFAULT_WAREHOUSE_NAMES): string[] {
  return warehouseSetupStatements(names, redshiftLogEventsDdl(names), redshiftLedgerDdl(names), redshiftViewStatement);
}
