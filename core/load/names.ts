/**
 * Names and columns of the warehouse objects the loader writes, shared by both SQL dialects so the
 * Redshift warehouse and the local DuckDB stand-in hold the same tables under the same names.
 */
import type { ColumnSpec } from "../../schemas/catalog.js";

/** Where the loader writes; every name is quoted when it reaches SQL. */
export interface WarehouseNames {
  /** Schema of the fact table and the ledger. @default "logs" */
  readonly schema: string;
  /** The fact table. @default "log_events" */
  readonly table: string;
  /** One row per loaded object: what makes a replayed notification a no-op. @default "load_ledger" */
  readonly ledger: string;
  /** Schema of the views the BI team reads. @default "bi" */
  readonly biSchema: string;
}

/** The names the design fixes: `logs.log_events`, `logs.load_ledger`, `bi.*`. */
export const DEFAULT_WAREHOUSE_NAMES: WarehouseNames = {
  schema: "logs",
  table: "log_events",
  ledger: "load_ledger",
  biSchema: "bi",
};

/** Columns of the load ledger, in the same catalog form as `log_events` so both dialects type them alike. */
export const LOAD_LEDGER_COLUMNS: readonly ColumnSpec[] = [
  { name: "batch_id", type: "string", maxBytes: 64, nullable: false, description: "Deterministic id of the batch" },
  { name: "object_url", type: "string", maxBytes: 1024, nullable: false, description: "s3:// URL of the object" },
  { name: "content_length", type: "bigint", nullable: false, description: "Object size in bytes" },
  {
    name: "rows_staged",
    type: "bigint",
    nullable: false,
    description: "Rows the batch's objects held (before dedupe)",
  },
  { name: "loaded_at", type: "timestamp", nullable: false, description: "When the batch committed (UTC)" },
];
