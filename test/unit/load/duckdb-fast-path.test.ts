/**
 * The DuckDB load's fast-path probe: the plain INSERT is taken only when the dedupe could drop nothing
 * (no event_id twice in the batch, no target row in the batch's event_time range).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_WAREHOUSE_NAMES } from "../../../core/load/names.js";
import { planBatches } from "../../../core/load/plan.js";
import { duckdbLoadProbe, duckdbLoadStatements, duckdbPlainInsert } from "../../../core/load/sql.js";
import { duckdbSetupStatements } from "../../../schemas/duckdb.js";

const dir = mkdtempSync(join(tmpdir(), "loglake-fast-path-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Connection = Awaited<ReturnType<DuckDBInstance["connect"]>>;
type Row = [id: string, eventTime: string];

async function parquet(c: Connection, name: string, rows: Row[]): Promise<string> {
  const path = join(dir, name);
  const values = rows.map((r) => `('${r[0]}', TIMESTAMP '${r[1]}')`).join(", ");
  await c.run("DELETE FROM scratch.log_events");
  await c.run(
    `INSERT INTO scratch.log_events (event_id, event_time, ingest_time, account_id, log_group, log_stream, source, log_format, message) SELECT id, et, et, '123456789012', '/aws/lambda/f', 's', 'lambda', 'text', 'm' FROM (VALUES ${values}) AS v(id, et)`,
  );
  await c.run(`COPY scratch.log_events TO '${path}' (FORMAT parquet)`);
  return path;
}

/** Stages one file, returns the probe's verdict, inserts plainly when fast (as the warehouse does). */
async function probe(c: Connection, path: string): Promise<[boolean, number]> {
  const [batch] = planBatches([{ bucket: "lake", key: path, size: 1 }], { maxObjects: 1, maxBytes: 1e9 });
  const b = batch as NonNullable<typeof batch>;
  const [stage, , , drop] = duckdbLoadStatements(b, { names: DEFAULT_WAREHOUSE_NAMES, paths: [path] });
  await c.run(stage as string);
  const [fast, rows] = (await c.runAndReadAll(duckdbLoadProbe(b, DEFAULT_WAREHOUSE_NAMES))).getRowsJS()[0] ?? [];
  if (fast === true) await c.run(duckdbPlainInsert(b, DEFAULT_WAREHOUSE_NAMES));
  await c.run(drop as string);
  return [fast === true, Number(rows)];
}

describe("DuckDB load fast path", () => {
  it("is taken only when the dedupe could drop nothing", async () => {
    // Prepare
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    for (const s of duckdbSetupStatements()) await c.run(s);
    for (const s of duckdbSetupStatements({ ...DEFAULT_WAREHOUSE_NAMES, schema: "scratch", biSchema: "scratch_bi" }))
      await c.run(s);
    const first = await parquet(c, "first.parquet", [
      ["2", "2025-06-02 10:00:02"],
      ["1", "2025-06-02 10:00:01"],
    ]);
    const dup = await parquet(c, "dup.parquet", [
      ["5", "2025-06-02 12:00:00"],
      ["5", "2025-06-02 12:00:00"],
    ]);
    const overlap = await parquet(c, "overlap.parquet", [
      ["3", "2025-06-02 10:00:00"],
      ["9", "2025-06-02 10:30:00"],
    ]);
    const later = await parquet(c, "later.parquet", [["4", "2025-06-02 11:00:00"]]);
    // Act
    const verdicts = [await probe(c, first), await probe(c, dup), await probe(c, overlap), await probe(c, later)];
    // Assess
    expect(verdicts).toEqual([
      [true, 2],
      [false, 2],
      [false, 2],
      [true, 1],
    ]);
    const rows = (await c.runAndReadAll('SELECT event_id FROM "logs"."log_events"')).getRowsJS();
    expect(rows).toEqual([["1"], ["2"], ["4"]]);
    c.closeSync();
    db.closeSync();
  });
});
