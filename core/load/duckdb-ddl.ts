/**
 * DuckDB forms generated from the column catalog: the warehouse DDL, the `read_json` column spec and the
 * typed SELECT list the lake writer uses to turn NDJSON rows into Parquet with the catalog's types.
 */

import { type ColumnSpec, LOG_EVENTS_COLUMNS, type LogicalType } from "../../schemas/catalog.js";
import { DEFAULT_WAREHOUSE_NAMES, LOAD_LEDGER_COLUMNS, type WarehouseNames } from "./names.js";
import { quoteIdent, quoteLiteral, quoteQualified } from "./quote.js";
import { type BiView, plainViewStatement, warehouseSetupStatements } from "./views.js";

const TYPES: Record<LogicalType, string> = {
  string: "VARCHAR",
  timestamp: "TIMESTAMP",
  double: "DOUBLE",
  int: "INTEGER",
  bigint: "BIGINT",
};

/** DuckDB type of a catalog column (the same logical types as Redshift, without VARCHAR widths). */
export function duckdbType(col: ColumnSpec): string {
  return TYPES[col.type];
}

function columnLines(columns: readonly ColumnSpec[]): string {
  return columns.map((c) => `  ${quoteIdent(c.name)} ${duckdbType(c)}${c.nullable ? "" : " NOT NULL"}`).join(",\n");
}

/** `CREATE TABLE IF NOT EXISTS` for `log_events`, columns in catalog order. */
export function duckdbLogEventsDdl(names: WarehouseNames = DEFAULT_WAREHOUSE_NAMES): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteQualified(names.schema, names.table)} (\n${columnLines(LOG_EVENTS_COLUMNS)}\n)`;
}

/** `CREATE TABLE IF NOT EXISTS` for the load ledger. */
export function duckdbLedgerDdl(names: WarehouseNames = DEFAULT_WAREHOUSE_NAMES): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteQualified(names.schema, names.ledger)} (\n${columnLines(LOAD_LEDGER_COLUMNS)}\n)`;
}

/**
 * One BI view in DuckDB: always a plain view (DuckDB has no materialized views), with the same name and SELECT as
 * Redshift's, so Power BI and `loglake report` see the same columns; it is computed at query time, never stale.
 */
export function duckdbViewStatement(names: WarehouseNames, view: BiView): string {
  return plainViewStatement(names, view);
}

/** Every statement that sets up the local warehouse: schemas, tables, the same BI views as Redshift. Idempotent. */
export function duckdbSetupStatements(names: WarehouseNames = DEFAULT_WAREHOUSE_NAMES): string[] {
  return warehouseSetupStatements(names, duckdbLogEventsDdl(names), duckdbLedgerDdl(names), duckdbViewStatement);
}

/**
 * The `columns={…}` argument of `read_json`: every column read as text first, so a malformed value fails
 * in the CAST of {@link duckdbCastSelectList} with the column named, as Firehose's conversion would reject it.
 */
export function duckdbJsonColumnsArg(): string {
  const fields = LOG_EVENTS_COLUMNS.map((c) => `${quoteLiteral(c.name)}: 'VARCHAR'`);
  return `{${fields.join(", ")}}`;
}

/** `CAST("col" AS TYPE) AS "col", …` in catalog order: what gives the Parquet files the catalog's schema. */
export function duckdbCastSelectList(): string {
  return LOG_EVENTS_COLUMNS.map((c) =>
    c.type === "string"
      ? quoteIdent(c.name)
      : `CAST(${quoteIdent(c.name)} AS ${duckdbType(c)}) AS ${quoteIdent(c.name)}`,
  ).join(", ");
}

/** The plain column list in catalog order, quoted. */
export function duckdbColumnList(): string {
  return LOG_EVENTS_COLUMNS.map((c) => quoteIdent(c.name)).join(", ");
}
