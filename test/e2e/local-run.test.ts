/**
 * End to end on a small run: generator → local Firehose → REAL transform handler → lake → loader →
 * warehouse, checking the invariants the issue states.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseErrorObject } from "../../core/reprocess/errors.js";
import { countLogEvents } from "../../core/reprocess/events.js";
import { TrafficGenerator } from "../../local/generator/index.js";
import { LOCAL_BUCKET } from "../../local/lake.js";
import { queryLake } from "../../local/lake-query.js";
import { lakeFile, localPaths } from "../../local/paths.js";
import { type LocalRunResult, runLocal } from "../../local/run.js";
import { LocalWarehouse } from "../../local/warehouse.js";

const EVENTS = 3_000;
const SEED = "e2e-seed";

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name));
  } catch {
    return [];
  }
}

describe("loglake local run (3,000 events, fixed seed)", () => {
  let dir: string;
  let first: LocalRunResult;
  // The same seed regenerates the same events: the generator tells what it planted and corrupted.
  const generated = new TrafficGenerator({ events: EVENTS, seed: SEED });
  for (const _chunk of generated.chunks());

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "loglake-e2e-"));
    first = await runLocal({ events: EVENTS, seed: SEED, dir });
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const errorRecords = () =>
    filesUnder(join(dir, "lake", "errors")).flatMap((f) => parseErrorObject(readFileSync(f, "utf8")).records);
  const lakeCount = async (sql: string) => Number((await queryLake(localPaths(dir), sql)).rows[0]?.[0]);
  const warehouseCount = async (sql: string) => {
    const w = await LocalWarehouse.open(join(dir, "warehouse.duckdb"));
    try {
      return Number((await w.query(sql)).rows[0]?.[0]);
    } finally {
      w.close();
    }
  };

  it("accounts for every generated event as a lake row or an event in the error prefix", async () => {
    // Prepare
    const errorEvents = errorRecords().reduce((n, r) => n + countLogEvents(r.data), 0);
    // Act
    const lakeRows = await lakeCount("SELECT COUNT(*) FROM log_events");
    // Assess
    expect(first.events).toBe(EVENTS);
    expect(lakeRows).toBe(first.lake_rows);
    expect(lakeRows + errorEvents).toBe(EVENTS);
  });

  it("loads exactly the distinct lake event ids into the warehouse", async () => {
    const distinct = await lakeCount("SELECT COUNT(DISTINCT event_id) FROM log_events");
    expect(await warehouseCount('SELECT COUNT(*) FROM "logs"."log_events"')).toBe(distinct);
    expect(first.warehouse_rows).toBe(distinct);
  });

  it("drops the CONTROL_MESSAGE and sends corrupt records to errors/processing-failed with their bytes as rawData", () => {
    const records = errorRecords();
    const files = filesUnder(join(dir, "lake", "errors"));
    expect(first.dropped_records).toBeGreaterThanOrEqual(first.control_records);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.includes(`${join("errors", "processing-failed")}`))).toBe(true);
    const raw = records.map((r) => Buffer.from(r.data).toString("base64"));
    expect(generated.corrupt.length).toBeGreaterThan(0);
    for (const bad of generated.corrupt) expect(raw).toContain(Buffer.from(bad).toString("base64"));
    expect(records).toHaveLength(generated.corrupt.length);
    expect(
      records.every(
        (r) => r.errorCode === "Lambda.ProcessingFailedStatus" && r.lambdaArn?.startsWith("arn:aws:lambda:"),
      ),
    ).toBe(true);
    expect(raw.some((r) => Buffer.from(r, "base64").toString("latin1").includes("CWL CONTROL MESSAGE"))).toBe(false);
  });

  it("writes no planted personal data (emails, cards, CUITs) into the lake's Parquet", async () => {
    const planted = [
      ...generated.planted.emails.slice(0, 40),
      ...generated.planted.cards.slice(0, 40),
      ...generated.planted.cuits.slice(0, 40),
    ];
    expect(planted.length).toBeGreaterThan(0);
    const list = planted.map((p) => `'${p.replaceAll("'", "''")}'`).join(", ");
    const leaks = await lakeCount(
      `SELECT COUNT(*) FROM log_events, (SELECT unnest([${list}]) AS pii) WHERE contains(message, pii) OR contains(coalesce(attributes, ''), pii)`,
    );
    expect(leaks).toBe(0);
  });

  it("adds no warehouse row when the same run repeats over the same directory", async () => {
    const before = await warehouseCount('SELECT COUNT(*) FROM "logs"."log_events"');
    const second: LocalRunResult = await runLocal({ events: EVENTS, seed: SEED, dir });
    expect(second.warehouse_rows_inserted).toBe(0);
    expect(await warehouseCount('SELECT COUNT(*) FROM "logs"."log_events"')).toBe(before);
  });

  it("adds no warehouse row when a lake object is replayed under its own key or a copy", async () => {
    // Prepare
    const paths = localPaths(dir);
    const parquet = filesUnder(join(paths.lake, "curated")).find((f) => f.endsWith(".parquet")) as string;
    const key = parquet.slice(paths.lake.length + 1);
    const copyKey = key.replace(/\.parquet$/, "-replayed-copy.parquet");
    const copy = { bucket: LOCAL_BUCKET, key: copyKey, size: 1 };
    copyFileSync(parquet, lakeFile(paths, copy));
    const before = await warehouseCount('SELECT COUNT(*) FROM "logs"."log_events"');
    const w = await LocalWarehouse.open(paths.warehouse);
    // Act
    const result = await w
      .load([{ bucket: LOCAL_BUCKET, key, size: 1 }, copy], (o) => lakeFile(paths, o))
      .finally(() => w.close());
    // Assess
    expect(result.skippedObjects).toBe(1);
    expect(result.rowsInserted).toBe(0);
    expect(await warehouseCount('SELECT COUNT(*) FROM "logs"."log_events"')).toBe(before);
  });
});
