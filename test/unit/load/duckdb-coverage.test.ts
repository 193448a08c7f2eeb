import { describe, expect, it } from "vitest";
import {
  duckdbCoverageQuery,
  duckdbMissingPartitionsQuery,
  ledgerPartitionDelete,
} from "../../../core/load/duckdb-coverage.js";
import { DEFAULT_WAREHOUSE_NAMES } from "../../../core/load/names.js";

describe("local load coverage SQL", () => {
  it("counts distinct event ids of the listed files (quoted) and of the fact table in one row", () => {
    expect(duckdbCoverageQuery(["/d/a.parquet", "/d/o'b.parquet"], DEFAULT_WAREHOUSE_NAMES)).toBe(
      `SELECT (SELECT COUNT(DISTINCT "event_id") FROM read_parquet(['/d/a.parquet', '/d/o''b.parquet'], hive_partitioning = false)) AS "lake", (SELECT COUNT(DISTINCT "event_id") FROM "logs"."log_events") AS "warehouse"`,
    );
  });

  it("counts 0 on the lake side when no file is listed (DuckDB refuses an empty list)", () => {
    expect(duckdbCoverageQuery([], DEFAULT_WAREHOUSE_NAMES)).toBe(
      `SELECT 0 AS "lake", (SELECT COUNT(DISTINCT "event_id") FROM "logs"."log_events") AS "warehouse"`,
    );
  });

  it("names the dt partitions of lake rows whose event id the fact table lacks", () => {
    expect(duckdbMissingPartitionsQuery(["/d/a.parquet"], DEFAULT_WAREHOUSE_NAMES)).toBe(
      `SELECT DISTINCT regexp_extract(l."filename", '(?:^|[/\\\\])dt=([^/\\\\]+)[/\\\\]', 1) AS "dt" FROM read_parquet(['/d/a.parquet'], hive_partitioning = false, filename = true) AS l ANTI JOIN "logs"."log_events" AS t ON t."event_id" = l."event_id" ORDER BY "dt"`,
    );
  });

  it("deletes one partition's ledger rows by object URL", () => {
    expect(ledgerPartitionDelete(DEFAULT_WAREHOUSE_NAMES, "2026-12-01")).toBe(
      `DELETE FROM "logs"."load_ledger" WHERE object_url LIKE '%dt=2026-12-01/%'`,
    );
  });
});
