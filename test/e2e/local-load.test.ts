/**
 * `loglake local load`, run as a real process over a small local run: a lost warehouse is rebuilt from the
 * lake, a partition the warehouse missed (rows and ledger rows gone) is restored exactly, and a second load
 * loads nothing. The lake side is read with DuckDB's own read_parquet, not with the code under test.
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
}

function localLoad(): LoadJson {
  const r = loglake("local", "load", "--dir", dir, "--json");
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) as string) as LoadJson;
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
    expect(result).toMatchObject({
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
