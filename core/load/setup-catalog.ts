/**
 * What the warehouse setup reads before it plans: the Redshift catalog queries (Redshift-literal quoted)
 * and the parsers that turn their rows into a {@link LiveWarehouse}. The setup signs in as the admin, which
 * sees every row of these views (SVV_MV_INFO shows regular users only their own materialized views).
 */
import type { ColumnSpec } from "../../schemas/catalog.js";
import { type LiveColumn, liveColumnOf } from "./evolution.js";
import type { WarehouseNames } from "./names.js";
import { quoteQualified, redshiftLiteral } from "./quote.js";

/**
 * The setup's own ledger of what it applied: one row per bi object with the SHA-256 of its definition, so a
 * materialized view (whose SQL Redshift does not give back in a comparable form) is re-created only when its
 * definition changed. It lives in the logs schema, which the reader cannot see.
 */
export const SETUP_OBJECTS_TABLE = "setup_objects";

/** Columns of {@link SETUP_OBJECTS_TABLE}, in the catalog form the DDL builders take. */
export const SETUP_OBJECTS_COLUMNS: readonly ColumnSpec[] = [
  { name: "object_name", type: "string", maxBytes: 256, nullable: false, description: "schema.name of the object" },
  { name: "definition_sha256", type: "string", maxBytes: 64, nullable: false, description: "SHA-256 (hex)" },
  { name: "applied_at", type: "timestamp", nullable: false, description: "When the setup applied it (UTC)" },
];

/** One object of the bi schema as the catalog shows it. */
export interface LiveBiObject {
  readonly name: string;
  /** Column names in position order. */
  readonly columns: readonly string[];
  /** Listed in SVV_MV_INFO. */
  readonly materialized: boolean;
}

/** The warehouse as the setup finds it. */
export interface LiveWarehouse {
  /** Names of the database users that exist among those asked about, in lowercase. */
  readonly users: readonly string[];
  /** The schemas among `logs` and `bi` that exist. */
  readonly schemas: readonly string[];
  /** The setup's tables in the logs schema that exist (log_events, the ledger, setup_objects). */
  readonly tables: readonly string[];
  /** Columns of log_events in position order; empty when the table does not exist. */
  readonly logEventsColumns: readonly LiveColumn[];
  readonly biObjects: readonly LiveBiObject[];
  /** `schema.name` → recorded definition SHA-256, from setup_objects. */
  readonly definitions: Readonly<Record<string, string>>;
}

/** A warehouse that holds nothing of ours: what `loglake warehouse ddl` plans against. */
export const EMPTY_WAREHOUSE: LiveWarehouse = {
  users: [],
  schemas: [],
  tables: [],
  logEventsColumns: [],
  biObjects: [],
  definitions: {},
};

type Row = readonly (string | number | boolean | null)[];
const list = (values: readonly string[]): string => values.map(redshiftLiteral).join(", ");
const text = (v: string | number | boolean | null | undefined): string =>
  v === null || v === undefined ? "" : String(v);
/** CHAR(128) catalog columns come back blank-padded. */
const trimmed = (v: string | number | boolean | null | undefined): string => text(v).trim();

/**
 * Which of these users exist. Compared in lowercase: Redshift folds the names SQL creates to lowercase, while a
 * user the Data API creates for an IAM role on its first sign-in may keep its `IAMR:` prefix as written.
 */
export function usersQuery(userNames: readonly string[]): string {
  return `SELECT "usename" FROM pg_user WHERE LOWER("usename") IN (${list(userNames.map((u) => u.toLowerCase()))})`;
}

/** Which of the two schemas exist. */
export function schemasQuery(names: WarehouseNames): string {
  return `SELECT "nspname" FROM pg_namespace WHERE "nspname" IN (${list([names.schema, names.biSchema])})`;
}

/** Which of the setup's tables exist in the logs schema. */
export function tablesQuery(names: WarehouseNames): string {
  return `SELECT "table_name" FROM svv_tables WHERE "table_schema" = ${redshiftLiteral(names.schema)} AND "table_name" IN (${list([names.table, names.ledger, SETUP_OBJECTS_TABLE])})`;
}

/** Every column of every object in the bi schema, in position order. */
export function biColumnsQuery(names: WarehouseNames): string {
  return `SELECT "table_name", "column_name" FROM svv_columns WHERE "table_schema" = ${redshiftLiteral(names.biSchema)} ORDER BY "table_name", "ordinal_position"`;
}

/** The materialized views of the bi schema (SVV_MV_INFO: database_name, schema_name, name are CHAR(128)). */
export function materializedViewsQuery(names: WarehouseNames, database: string): string {
  return `SELECT TRIM("name") FROM svv_mv_info WHERE TRIM("database_name") = ${redshiftLiteral(database)} AND TRIM("schema_name") = ${redshiftLiteral(names.biSchema)}`;
}

/** The recorded definitions; run only when setup_objects exists. */
export function definitionsQuery(names: WarehouseNames): string {
  return `SELECT "object_name", "definition_sha256" FROM ${quoteQualified(names.schema, SETUP_OBJECTS_TABLE)}`;
}

/** The rows of each query, as the I/O layer read them. */
export interface CatalogRows {
  readonly users: readonly Row[];
  readonly schemas: readonly Row[];
  readonly tables: readonly Row[];
  /** Rows of evolution.ts's liveColumnsQuery: column_name, data_type, character_maximum_length. */
  readonly logEventsColumns: readonly Row[];
  readonly biColumns: readonly Row[];
  readonly materializedViews: readonly Row[];
  /** Empty when setup_objects does not exist (the query is not run). */
  readonly definitions: readonly Row[];
}

/** The catalog rows → the live state the plan compares with the desired one. */
export function liveWarehouseOf(rows: CatalogRows): LiveWarehouse {
  const materialized = new Set(rows.materializedViews.map((r) => trimmed(r[0])));
  const columns = new Map<string, string[]>();
  for (const r of rows.biColumns) {
    const name = trimmed(r[0]);
    columns.set(name, [...(columns.get(name) ?? []), trimmed(r[1])]);
  }
  // A materialized view is listed in svv_columns too; one missing there (no columns visible) still counts.
  for (const name of materialized) if (!columns.has(name)) columns.set(name, []);
  return {
    users: rows.users.map((r) => trimmed(r[0]).toLowerCase()),
    schemas: rows.schemas.map((r) => trimmed(r[0])),
    tables: rows.tables.map((r) => trimmed(r[0])),
    logEventsColumns: rows.logEventsColumns.map((r) =>
      liveColumnOf(trimmed(r[0]), text(r[1]), r[2] === null || r[2] === undefined ? null : Number(r[2])),
    ),
    biObjects: [...columns].map(([name, cols]) => ({ name, columns: cols, materialized: materialized.has(name) })),
    definitions: Object.fromEntries(rows.definitions.map((r) => [trimmed(r[0]), trimmed(r[1])])),
  };
}
