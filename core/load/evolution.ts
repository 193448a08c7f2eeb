/**
 * Schema evolution of `log_events` in Redshift: the live columns (read from SVV_COLUMNS) compared with the
 * catalog give the `ALTER TABLE … ADD COLUMN` statements that bring the table in step. Parquet COPY maps
 * columns by POSITION and ADD COLUMN appends at the end, so a catalog may only grow at its end: a column
 * inserted, renamed or retyped is refused with the reason (it needs a table rebuild, by hand). A catalog that
 * is a strict prefix of the live table (a rollback to the code before a column was added) plans nothing: COPY
 * of the old files leaves the trailing columns NULL, so the table keeps working, and the setup warns.
 */
import type { ColumnSpec } from "../../schemas/catalog.js";
import type { WarehouseNames } from "./names.js";
import { quoteIdent, quoteQualified, redshiftLiteral } from "./quote.js";
import { redshiftEncoding, redshiftType } from "./redshift-ddl.js";

/** A column as SVV_COLUMNS reports it (`data_type` like `character varying`, `character_maximum_length`). */
export interface LiveColumn {
  readonly name: string;
  /** Redshift type as the DDL writes it, e.g. `VARCHAR(256)`, `TIMESTAMP`, `DOUBLE PRECISION`. */
  readonly type: string;
}

/** Thrown when the live table cannot be brought in step by appending columns. */
export class SchemaEvolutionError extends Error {
  override readonly name = "SchemaEvolutionError";
}

/** The live columns of the fact table, in position order (run as a Data API query). */
export function liveColumnsQuery(names: WarehouseNames): string {
  return `SELECT "column_name", "data_type", "character_maximum_length" FROM svv_columns WHERE "table_schema" = ${redshiftLiteral(names.schema)} AND "table_name" = ${redshiftLiteral(names.table)} ORDER BY "ordinal_position"`;
}

/** One SVV_COLUMNS row → the type as the DDL writes it. */
export function liveColumnOf(name: string, dataType: string, maxLength: number | null): LiveColumn {
  const t = dataType.trim().toLowerCase();
  const types: Record<string, string> = {
    "timestamp without time zone": "TIMESTAMP",
    "double precision": "DOUBLE PRECISION",
    integer: "INTEGER",
    bigint: "BIGINT",
  };
  if (t === "character varying") return { name, type: `VARCHAR(${maxLength ?? 256})` };
  return { name, type: types[t] ?? t.toUpperCase() };
}

/**
 * The live columns after the catalog's last one, when the catalog is a strict prefix of the live table (same
 * names and types, the extra live columns trailing): what a CloudFormation rollback meets after a deploy added
 * columns (the old catalog against the grown table). [] when the table has no more columns than the catalog.
 * @throws SchemaEvolutionError when the shared positions differ (see {@link schemaEvolutionStatements}).
 */
export function columnsBeyondCatalog(
  names: WarehouseNames,
  live: readonly LiveColumn[],
  catalog: readonly ColumnSpec[],
): LiveColumn[] {
  checkSharedColumns(names, live, catalog);
  return live.slice(catalog.length);
}

function checkSharedColumns(names: WarehouseNames, live: readonly LiveColumn[], catalog: readonly ColumnSpec[]): void {
  for (const [i, want] of catalog.slice(0, live.length).entries()) {
    const column = live[i] as LiveColumn;
    if (column.name !== want.name || column.type !== redshiftType(want)) {
      throw new SchemaEvolutionError(
        `${names.schema}.${names.table} column ${i + 1} is ${column.name} ${column.type} in the warehouse but ${want.name} ${redshiftType(want)} in the catalog: COPY maps by position, so only columns added at the end can be applied`,
      );
    }
  }
}

/**
 * `ALTER TABLE … ADD COLUMN` for each catalog column after the live ones; [] when in step, and [] when the live
 * table has trailing columns the catalog lacks (a rollback: nothing is dropped, the caller warns with
 * {@link columnsBeyondCatalog}). Anything else (a column inserted, renamed or retyped) is refused.
 */
export function schemaEvolutionStatements(
  names: WarehouseNames,
  live: readonly LiveColumn[],
  catalog: readonly ColumnSpec[],
): string[] {
  checkSharedColumns(names, live, catalog);
  const table = quoteQualified(names.schema, names.table);
  return catalog.slice(live.length).map((c) => {
    // ADD COLUMN … NOT NULL would need a DEFAULT for the rows already loaded: new columns are nullable.
    if (!c.nullable) throw new SchemaEvolutionError(`new column ${c.name} must be nullable (rows exist)`);
    return `ALTER TABLE ${table} ADD COLUMN ${quoteIdent(c.name)} ${redshiftType(c)} ENCODE ${redshiftEncoding(c)}`;
  });
}
