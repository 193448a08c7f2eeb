/**
 * LocalWarehouse.load's fast path: a batch is inserted plainly only when the dedupe could drop
 * nothing (no event_id twice in the batch, no target row in the batch's event_time range). Each
 * case loads through the warehouse itself; a wrong verdict shows as duplicated or missing rows.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { duckdbSetupStatements } from "../../../core/load/duckdb-ddl.js";
import { LocalWarehouse } from "../../../local/warehouse.js";

const dir = mkdtempSync(join(tmpdir(), "loglake-fast-path-"));
type Row = [id: string, eventTime: string];

/** Writes a curated Parquet object with the given event ids and times (the other required columns fixed). */
async function parquet(name: string, rows: Row[]): Promise<string> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  for (const s of duckdbSetupStatements()) await c.run(s);
  const values = rows.map((r) => `('${r[0]}', TIMESTAMP '${r[1]}')`).join(", ");
  await c.run(
    `INSERT INTO logs.log_events (event_id, event_time, ingest_time, account_id, log_group, log_stream, source, log_format, message) SELECT id, et, et, '123456789012', '/aws/lambda/f', 's', 'lambda', 'text', 'm' FROM (VALUES ${values}) AS v(id, et)`,
  );
  const path = join(dir, name);
  await c.run(`COPY logs.log_events TO '${path}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
  return path;
}

let warehouse: LocalWarehouse;
beforeAll(async () => {
  warehouse = await LocalWarehouse.open(join(dir, "warehouse.duckdb"));
});
afterAll(() => {
  warehouse.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Loads one object as its own batch and returns the rows it inserted. */
async function load(path: string): Promise<number> {
  const result = await warehouse.load([{ bucket: "lake", key: path, size: 1 }], (o) => o.key);
  return result.rowsInserted;
}

async function ids(): Promise<string[]> {
  const r = await warehouse.query('SELECT event_id FROM "logs"."log_events" ORDER BY event_id');
  return r.rows.map((row) => String(row[0]));
}

describe("LocalWarehouse.load fast path", () => {
  it("inserts a batch with nothing to dedupe as it is", async () => {
    const first = await parquet("first.parquet", [
      ["2", "2025-06-02 10:00:02"],
      ["1", "2025-06-02 10:00:01"],
    ]);
    expect(await load(first)).toBe(2);
    expect(await ids()).toEqual(["1", "2"]);
  });

  it("keeps one row of an event_id the batch holds twice", async () => {
    const dup = await parquet("dup.parquet", [
      ["5", "2025-06-02 12:00:00"],
      ["5", "2025-06-02 12:00:00"],
    ]);
    expect(await load(dup)).toBe(1);
    expect(await ids()).toEqual(["1", "2", "5"]);
  });

  it("skips event_ids the table already holds when the batch's time range overlaps it", async () => {
    const again = await parquet("again.parquet", [
      ["1", "2025-06-02 10:00:01"],
      ["3", "2025-06-02 10:00:00"],
    ]);
    expect(await load(again)).toBe(1);
    expect(await ids()).toEqual(["1", "2", "3", "5"]);
  });

  it("inserts a later batch outside every loaded range as it is", async () => {
    const later = await parquet("later.parquet", [["4", "2025-06-02 13:00:00"]]);
    expect(await load(later)).toBe(1);
    expect(await ids()).toEqual(["1", "2", "3", "4", "5"]);
    expect(await warehouse.countRows()).toBe(5);
  });
});
