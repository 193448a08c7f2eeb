/**
 * `loglake local load`, run as a real process over a small local run: a lost warehouse is rebuilt from the
 * lake, a partition the warehouse missed (rows and ledger rows gone) is restored exactly, a second load
 * loads nothing, rows gone while the ledger still lists their objects fail the load with what to delete, and a
 * lake holding every event twice loads each once. The lake side is read with DuckDB's own read_parquet, not
 * with the code under test.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLocal } from "../../local/run.js";

const root = join(import.meta.dirname, "..", "..");
const tmp = mkdtempSync(join(tmpdir(), "loglake-local-load-"));
const dir = join(tmp, "run");
const warehouseFile = join(dir, "warehouse.duckdb");
const curated = join(dir, "lake", "curated", "log_events");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function loglake(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [join(root, "node_modules", "tsx", "dist", "cli.mjs"), join(root, "cli", "main.ts"), ...args],
    { cwd: tmp, encoding: "utf8", env: { ...process.env, LOGLAKE_DEBUG: "" } },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface LoadJson {
  objects_listed: number;
  objects_loaded: number;
  objects_skipped: number;
  rows_inserted: number;
  warehouse_rows: number;
  lake_distinct_event_ids: number;
  warehouse_distinct_event_ids: number;
  partitions_missing_rows: string[];
}

const lastJson = (stdout: string): LoadJson => JSON.parse(stdout.trim().split("\n").at(-1) as string) as LoadJson;

function localLoad(runDir = dir): LoadJson {
  const r = loglake("local", "load", "--dir", runDir, "--json");
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return lastJson(r.stdout);
}

/** Runs statements on a DuckDB file and returns the first value of the last one's first row. */
async function run(file: string, ...statements: string[]): Promise<number> {
  const db = await DuckDBInstance.create(file);
  const c = await db.connect();
  try {
    let last: unknown;
    for (const s of statements) last = (await c.runAndReadAll(s)).getRowsJS()[0]?.[0];
    return Number(last);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** Runs SQL on a DuckDB file (or in memory) and returns the rows as JSON values. */
async function sql(file: string, text: string): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(file);
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(text)).getRowsJson() as unknown[][];
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

const parquetFiles = (under: string): string[] =>
  readdirSync(under, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(".parquet"))
    .map((d) => join(d.parentPath, d.name))
    .sort();

const list = (files: string[]): string => `[${files.map((f) => `'${f.replaceAll("'", "''")}'`).join(", ")}]`;

/** The warehouse's (distinct event ids, rows). */
const warehouseCounts = async (): Promise<unknown[]> =>
  (await sql(warehouseFile, 'SELECT COUNT(DISTINCT event_id), COUNT(*) FROM "logs"."log_events"'))[0] as unknown[];

let lakeFiles: string[] = [];
let lakeDistinct = "";

beforeAll(async () => {
  await runLocal({ events: 3_000, seed: "local-load", dir });
  lakeFiles = parquetFiles(curated);
  const [row] = await sql(":memory:", `SELECT COUNT(DISTINCT event_id) FROM read_parquet(${list(lakeFiles)})`);
  lakeDistinct = String(row?.[0]);
});

describe("loglake local load", () => {
  it("rebuilds a deleted warehouse with exactly the lake's distinct event ids", async () => {
    // Prepare
    expect(lakeFiles.length).toBeGreaterThan(1);
    rmSync(warehouseFile);
    // Act
    const result = localLoad();
    // Assess
    expect(lakeDistinct).toBe("3000");
    expect(result).toMatchObject({
      lake_distinct_event_ids: 3000,
      warehouse_distinct_event_ids: 3000,
      partitions_missing_rows: [],
      objects_listed: lakeFiles.length,
      objects_loaded: lakeFiles.length,
      objects_skipped: 0,
      rows_inserted: Number(lakeDistinct),
      warehouse_rows: Number(lakeDistinct),
    });
    expect(await warehouseCounts()).toEqual([lakeDistinct, lakeDistinct]);
  });

  it("restores one partition whose rows and ledger rows were lost, without duplicating the others", async () => {
    // Prepare: the objects of the first partition, their rows and their ledger rows removed.
    const [partitionDir] = readdirSync(curated, { recursive: true, withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name.startsWith("hour="))
      .map((d) => join(d.parentPath, d.name))
      .sort();
    const files = parquetFiles(partitionDir as string);
    const partitionKey = (partitionDir as string).slice(join(dir, "lake").length + 1);
    const db = await DuckDBInstance.create(warehouseFile);
    const c = await db.connect();
    const deleted = await c.runAndReadAll(
      `DELETE FROM "logs"."log_events" WHERE event_id IN (SELECT event_id FROM read_parquet(${list(files)}))`,
    );
    await c.run(`DELETE FROM "logs"."load_ledger" WHERE object_url LIKE '%/${partitionKey}/%'`);
    const rowsLost = Number(deleted.getRowsJS()[0]?.[0]);
    c.closeSync();
    db.closeSync();
    expect(rowsLost).toBeGreaterThan(0);
    // Act
    const result = localLoad();
    // Assess
    expect(result).toMatchObject({
      objects_listed: lakeFiles.length,
      objects_loaded: files.length,
      objects_skipped: lakeFiles.length - files.length,
      rows_inserted: rowsLost,
    });
    expect(await warehouseCounts()).toEqual([lakeDistinct, lakeDistinct]);
  });

  it("loads no object on a second run", async () => {
    // Act
    const result = localLoad();
    // Assess
    expect(result).toMatchObject({ objects_loaded: 0, objects_skipped: lakeFiles.length, rows_inserted: 0 });
    expect(await warehouseCounts()).toEqual([lakeDistinct, lakeDistinct]);
  });

  it("fails with exit code 1 and says which ledger rows to delete when rows are gone but the ledger lists their objects", async () => {
    // Prepare: the rows of the first hour's objects deleted, their ledger rows kept.
    const [first] = lakeFiles;
    const rowsLost = await run(
      warehouseFile,
      `DELETE FROM "logs"."log_events" WHERE event_id IN (SELECT event_id FROM read_parquet(${list([first as string])}))`,
    );
    expect(rowsLost).toBe(933);
    // Act
    const r = loglake("local", "load", "--dir", dir, "--json");
    // Assess
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `loglake: the warehouse holds 2,067 of the lake's 3,000 distinct event ids: the load ledger lists objects of dt=2025-06-02 whose rows are gone, so they were skipped; delete those ledger rows (e.g. \`DELETE FROM "logs"."load_ledger" WHERE object_url LIKE '%dt=2025-06-02/%'\`) or ${warehouseFile}, then run \`loglake local load --dir ${dir}\` again\n`,
    );
    expect(lastJson(r.stdout)).toMatchObject({
      objects_loaded: 0,
      objects_skipped: 2,
      rows_inserted: 0,
      lake_distinct_event_ids: 3000,
      warehouse_distinct_event_ids: 2067,
      partitions_missing_rows: ["2025-06-02"],
    });
  });

  it("restores the rows once the ledger rows the warning names are deleted", async () => {
    // Prepare: the statement of the previous test's warning.
    await run(warehouseFile, `DELETE FROM "logs"."load_ledger" WHERE object_url LIKE '%dt=2025-06-02/%'`);
    // Act
    const result = localLoad();
    // Assess
    expect(result).toMatchObject({
      objects_loaded: 2,
      objects_skipped: 0,
      rows_inserted: 933,
      lake_distinct_event_ids: 3000,
      warehouse_distinct_event_ids: 3000,
    });
    expect(await warehouseCounts()).toEqual(["3000", "3000"]);
  });

  it("loads each event once from a lake that holds every event twice (two runs of one seed)", async () => {
    // Prepare: two runs of the same seed into one folder write each event into two objects; warehouse lost.
    const twice = join(tmp, "twice");
    await runLocal({ events: 1_000, seed: "local-load-twice", dir: twice });
    await runLocal({ events: 1_000, seed: "local-load-twice", dir: twice });
    const files = parquetFiles(join(twice, "lake", "curated", "log_events"));
    const [lakeRows] = await sql(
      ":memory:",
      `SELECT COUNT(*), COUNT(DISTINCT event_id) FROM read_parquet(${list(files)})`,
    );
    expect(lakeRows).toEqual(["2000", "1000"]);
    rmSync(join(twice, "warehouse.duckdb"));
    // Act
    const result = localLoad(twice);
    // Assess
    expect(result).toMatchObject({
      objects_listed: 4,
      objects_loaded: 4,
      rows_inserted: 1000,
      warehouse_rows: 1000,
      lake_distinct_event_ids: 1000,
      warehouse_distinct_event_ids: 1000,
    });
    expect(
      await sql(join(twice, "warehouse.duckdb"), 'SELECT COUNT(DISTINCT event_id), COUNT(*) FROM "logs"."log_events"'),
    ).toEqual([["1000", "1000"]]);
  });

  it("prints a summary line with objects listed, loaded, skipped and rows inserted", () => {
    const r = loglake("local", "load", "--dir", dir);
    expect(r.code).toBe(0);
    const n = lakeFiles.length;
    expect(r.stdout.split("\n")[0]).toMatch(
      new RegExp(
        `^local load: ${n} objects listed, 0 loaded, ${n} skipped \\(already in the ledger\\); 0 rows inserted in \\d+\\.\\d s$`,
      ),
    );
  });

  it("refuses a missing folder in one line with exit code 1", () => {
    const missing = join(tmp, "nowhere");
    const r = loglake("local", "load", "--dir", missing);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`loglake: no local run at ${missing}; run \`loglake local run --dir ${missing}\` first\n`);
    expect(r.stdout).toBe("");
  });
});
