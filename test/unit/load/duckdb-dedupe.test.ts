/**
 * The DuckDB form of the dedupe INSERT on a real DuckDB: the same rows as the Redshift form (one per
 * event_id, the earliest ingest_time; none already loaded, even from another object; event_time order).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { duckdbSetupStatements } from "../../../core/load/duckdb-ddl.js";
import { DEFAULT_WAREHOUSE_NAMES } from "../../../core/load/names.js";
import { planBatches } from "../../../core/load/plan.js";
import { duckdbLoadSteps } from "../../../core/load/sql.js";

const dir = mkdtempSync(join(tmpdir(), "loglake-dedupe-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = [id: string, eventTime: string, ingestTime: string, message: string];

/** Writes rows with the catalog's columns (the rest NULL) to a Parquet file. */
async function parquet(c: Awaited<ReturnType<DuckDBInstance["connect"]>>, name: string, rows: Row[]) {
  const path = join(dir, name);
  const values = rows.map((r) => `('${r[0]}', TIMESTAMP '${r[1]}', TIMESTAMP '${r[2]}', '${r[3]}')`).join(", ");
  await c.run("DELETE FROM scratch.log_events");
  await c.run(
    `INSERT INTO scratch.log_events (event_id, event_time, ingest_time, account_id, log_group, log_stream, source, log_format, message) SELECT id, et, it, '123456789012', '/aws/lambda/f', 's', 'lambda', 'text', m FROM (VALUES ${values}) AS v(id, et, it, m)`,
  );
  await c.run(`COPY scratch.log_events TO '${path}' (FORMAT parquet)`);
  return { key: name, path };
}

async function load(c: Awaited<ReturnType<DuckDBInstance["connect"]>>, files: { key: string; path: string }[]) {
  const [batch] = planBatches(
    files.map((f) => ({ bucket: "lake", key: f.key, size: 1 })),
    { maxObjects: 10, maxBytes: 1e9 },
  );
  const steps = duckdbLoadSteps(batch as NonNullable<typeof batch>, {
    names: DEFAULT_WAREHOUSE_NAMES,
    paths: files.map((f) => f.path),
  });
  let inserted = 0;
  await c.run("BEGIN TRANSACTION");
  for (const step of steps) {
    const r = await c.runAndReadAll(step.sql);
    if (step.name === "insertNew") inserted = Number(r.getRowsJS()[0]?.[0]);
  }
  await c.run("COMMIT");
  return inserted;
}

describe("DuckDB dedupe INSERT", () => {
  it("keeps the earliest delivery of an event in a batch, skips loaded events from any object, inserts in event_time order", async () => {
    // Prepare
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    for (const s of duckdbSetupStatements()) await c.run(s);
    for (const s of duckdbSetupStatements({ ...DEFAULT_WAREHOUSE_NAMES, schema: "scratch", biSchema: "scratch_bi" }))
      await c.run(s);
    const a = await parquet(c, "a.parquet", [
      ["3", "2025-06-02 10:00:03", "2025-06-02 10:05:00", "late copy"],
      ["1", "2025-06-02 10:00:01", "2025-06-02 10:05:00", "one"],
    ]);
    const b = await parquet(c, "b.parquet", [
      ["3", "2025-06-02 10:00:03", "2025-06-02 10:04:00", "first copy"],
      ["2", "2025-06-02 10:00:02", "2025-06-02 10:04:00", "two"],
    ]);
    const replay = await parquet(c, "replay.parquet", [
      ["2", "2025-06-02 10:00:02", "2025-06-02 11:00:00", "two again"],
      ["4", "2025-06-02 09:00:00", "2025-06-02 11:00:00", "four"],
    ]);
    // Act
    const first = await load(c, [a, b]);
    const second = await load(c, [replay]);
    // Assess
    expect(first).toBe(3);
    expect(second).toBe(1);
    const rows = (await c.runAndReadAll('SELECT event_id, message FROM "logs"."log_events"')).getRowsJS();
    expect(rows).toEqual([
      ["1", "one"],
      ["2", "two"],
      ["3", "first copy"],
      ["4", "four"],
    ]);
    c.closeSync();
  });

  it("loads a file written before the catalog gained its last column, with NULL in that column", async () => {
    // Prepare: one object with every column, one written when the catalog ended before "attributes".
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    for (const s of duckdbSetupStatements()) await c.run(s);
    for (const s of duckdbSetupStatements({ ...DEFAULT_WAREHOUSE_NAMES, schema: "scratch", biSchema: "scratch_bi" }))
      await c.run(s);
    const current = await parquet(c, "current.parquet", [["5", "2025-06-02 10:00:05", "2025-06-02 10:05:00", "new"]]);
    await c.run(`UPDATE scratch.log_events SET "attributes" = '{"k":1}'`);
    await c.run(`COPY scratch.log_events TO '${current.path}' (FORMAT parquet)`);
    await parquet(c, "older.parquet", [["6", "2025-06-02 10:00:06", "2025-06-02 10:05:00", "old"]]);
    const older = { key: "older.parquet", path: join(dir, "older.parquet") };
    await c.run(`COPY (SELECT * EXCLUDE ("attributes") FROM scratch.log_events) TO '${older.path}' (FORMAT parquet)`);
    // Act
    const inserted = await load(c, [current, older]);
    // Assess
    expect(inserted).toBe(2);
    const rows = (
      await c.runAndReadAll('SELECT event_id, "attributes" FROM "logs"."log_events" ORDER BY 1')
    ).getRowsJS();
    expect(rows).toEqual([
      ["5", '{"k":1}'],
      ["6", null],
    ]);
    c.closeSync();
  });
});
