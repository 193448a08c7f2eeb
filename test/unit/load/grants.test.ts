/** Warehouse grants: the BI reader sees bi only, the loader reads and appends to its two tables (and may LOCK the ledger). */
import { describe, expect, it } from "vitest";
import { redshiftGrantStatements } from "../../../core/load/grants.js";
import { DEFAULT_WAREHOUSE_NAMES } from "../../../core/load/names.js";

describe("redshiftGrantStatements", () => {
  it("grants the reader USAGE and SELECT on bi, including views created later, and only USAGE on logs (for the materialized views)", () => {
    const sql = redshiftGrantStatements(DEFAULT_WAREHOUSE_NAMES, { reader: "bi_reader" });
    expect(sql).toEqual([
      'GRANT USAGE ON SCHEMA "bi" TO "bi_reader"',
      'GRANT USAGE ON SCHEMA "logs" TO "bi_reader"',
      'GRANT SELECT ON ALL TABLES IN SCHEMA "bi" TO "bi_reader"',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA "bi" GRANT SELECT ON TABLES TO "bi_reader"',
    ]);
    expect(sql.filter((s) => s.includes('"logs"'))).toEqual(['GRANT USAGE ON SCHEMA "logs" TO "bi_reader"']);
  });

  it("grants a named loader SELECT and INSERT on its two tables and UPDATE (for LOCK) on the ledger, quoting odd names", () => {
    const sql = redshiftGrantStatements(
      { ...DEFAULT_WAREHOUSE_NAMES, schema: "logs_v2" },
      { reader: "bi_reader", loader: 'IAMR:loader"x' },
    );
    expect(sql.slice(4)).toEqual([
      'GRANT USAGE ON SCHEMA "logs_v2" TO "IAMR:loader""x"',
      'GRANT SELECT, INSERT ON TABLE "logs_v2"."log_events", "logs_v2"."load_ledger" TO "IAMR:loader""x"',
      'GRANT UPDATE ON TABLE "logs_v2"."load_ledger" TO "IAMR:loader""x"',
    ]);
  });
});
