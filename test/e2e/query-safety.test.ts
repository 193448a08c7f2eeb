/**
 * `loglake query` / `loglake lake query` as a user runs them: refused statements change nothing, results
 * stream (a million rows counted exactly), formats keep numbers as numbers; bad arguments; an interrupted
 * run and a killed run leave no scratch after a rerun.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const tmp = mkdtempSync(join(tmpdir(), "loglake-query-"));
const dir = join(tmp, "run");
const cli = [join(root, "node_modules", "tsx", "dist", "cli.mjs"), join(root, "cli", "main.ts")];

function loglake(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [...cli, ...args], {
    cwd: tmp,
    encoding: "utf8",
    input,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LOGLAKE_DEBUG: "" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const count = (sql: string): string => loglake(["query", sql, "--dir", dir, "--format", "csv"]).stdout;
const files = (d: string): string[] =>
  existsSync(d) ? (readdirSync(d, { recursive: true }) as string[]).map((f) => join(d, f)) : [];

beforeAll(() => {
  expect(loglake(["local", "run", "--events", "20000", "--dir", dir, "--quiet"]).code).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("read-only queries", () => {
  it.each([
    [
      "DELETE FROM logs.log_events",
      "loglake: refused: DELETE changes data; the warehouse is read-only here (SELECT and EXPLAIN only); nothing was changed\n",
    ],
    [
      "DROP TABLE logs.log_events",
      "loglake: refused: DROP removes objects; the warehouse is read-only here (SELECT and EXPLAIN only); nothing was changed\n",
    ],
    [
      `COPY logs.log_events TO '${join(tmp, "out.csv")}'`,
      `loglake: refused: queries cannot read or write files (${join(tmp, "out.csv")}); the warehouse is read-only here (SELECT and EXPLAIN only); nothing was changed\n`,
    ],
    [
      `ATTACH '${join(tmp, "x.duckdb")}'`,
      "loglake: refused: ATTACH opens another database; the warehouse is read-only here (SELECT and EXPLAIN only); nothing was changed\n",
    ],
    [
      "INSTALL httpfs",
      "loglake: refused: INSTALL and LOAD add extensions; the warehouse is read-only here (SELECT and EXPLAIN only); nothing was changed\n",
    ],
    [
      "LOAD httpfs",
      "loglake: refused: INSTALL and LOAD add extensions; the warehouse is read-only here (SELECT and EXPLAIN only); nothing was changed\n",
    ],
    [
      "SELECT 1; DELETE FROM logs.log_events",
      "loglake: refused: 2 statements given; run one statement per query (nothing was run)\n",
    ],
  ])("refuses %s and leaves the warehouse unchanged", (sql, message) => {
    const r = loglake(["query", sql, "--dir", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(message);
    expect(count("SELECT COUNT(*) AS n FROM logs.log_events")).toBe("n\n20000\n");
    expect(existsSync(join(tmp, "out.csv"))).toBe(false);
    expect(existsSync(join(tmp, "x.duckdb"))).toBe(false);
  });

  it("refuses COPY … TO inside the lake's own folder on lake query", () => {
    const target = join(dir, "lake", "curated", "log_events", "x.csv");
    const r = loglake(["lake", "query", `COPY (SELECT 1) TO '${target}'`, "--dir", dir]);
    expect(r.stderr).toBe(
      "loglake: refused: COPY reads or writes files; the lake is read-only here (SELECT and EXPLAIN only); nothing was changed\n",
    );
    expect(existsSync(target)).toBe(false);
  });

  it("streams a million rows, every one counted", () => {
    const csv = loglake(["query", "SELECT range AS n FROM range(1000000)", "--dir", dir, "--format", "csv"]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1_000_001);
    expect(lines[1_000_000]).toBe("999999");
    const json = JSON.parse(
      loglake(["query", "SELECT range AS n FROM range(1000000)", "--dir", dir, "--format", "json"]).stdout,
    );
    expect(json.row_count).toBe(1_000_000);
    expect(json.rows[999_999]).toEqual({ n: 999_999 });
  });

  it("keeps numbers as numbers and timestamps as ISO text in ndjson", () => {
    const r = loglake([
      "query",
      "SELECT COUNT(*) AS n, TIMESTAMP '2025-06-02 09:58:02.07' AS t, DATE '2025-06-02' AS d, 1.23456::DOUBLE AS x",
      "--dir",
      dir,
      "--format",
      "ndjson",
    ]);
    expect(r.stdout).toBe('{"n":1,"t":"2025-06-02T09:58:02.070Z","d":"2025-06-02","x":1.23456}\n');
  });

  it("reads the SQL from --file and from standard input", () => {
    const file = join(tmp, "q.sql");
    writeFileSync(file, "SELECT 42 AS answer");
    expect(loglake(["query", "--file", file, "--dir", dir, "--format", "csv"]).stdout).toBe("answer\n42\n");
    expect(loglake(["query", "--dir", dir, "--format", "csv"], "SELECT 7 AS seven").stdout).toBe("seven\n7\n");
  });

  it("counts timed-out invocations as failed in bi.lambda_performance", () => {
    expect(
      Number(count("SELECT SUM(failed_invocations) AS n FROM bi.lambda_performance").split("\n")[1]),
    ).toBeGreaterThan(0);
  });
});

describe("bad arguments", () => {
  it.each([
    [
      ["local", "run", "--events", "-5"],
      2,
      "loglake: --events -5 is out of range: give a whole number from 1 to 100,000,000\n",
    ],
    [["local", "run", "--dir", ""], 2, 'loglake: --dir must name a folder, got ""\n'],
    [["local", "run", "extra"], 2, 'loglake: unexpected argument "extra" (this command takes options only)\n'],
    [
      ["local", "reprocess", "--dir", join(tmp, "missing")],
      1,
      `loglake: no local run at ${join(tmp, "missing")}; run \`loglake local run --dir ${join(tmp, "missing")}\` first\n`,
    ],
    [
      ["local", "run", "--events", "10", "--dir", "/proc/loglake-test"],
      1,
      "loglake: cannot write to /proc/loglake-test (ENOENT)\n",
    ],
    [
      ["query", "SELECT 1", "SELECT 2", "--dir", dir],
      2,
      'loglake: unexpected argument "SELECT 2" (SQL goes in one quoted argument)\n',
    ],
    [["local", "bogus"], 2, 'loglake: unknown command "local bogus" (see loglake local --help)\n'],
    [
      ["query", "SELECT 1", "--dir", dir, "--format", "xml"],
      2,
      'loglake: --format must be one of table, csv, json, ndjson, got "xml"\n',
    ],
  ])("loglake %j fails with one line", (args, code, stderr) => {
    const r = loglake(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toBe(stderr);
  });

  it("prints the local group's help with exit 0, and the version", () => {
    const local = loglake(["local"]);
    expect(local.code).toBe(0);
    expect(local.stdout).toContain(
      "  loglake local clean       remove a local run's folder (says what it holds first)\n",
    );
    expect(loglake(["--version"]).stdout).toBe("loglake 0.1.0\n");
    expect(existsSync(join(tmp, "missing"))).toBe(false);
  });
});

describe("interrupted and killed runs", () => {
  // The bin runs the CLI in its own process, so the signal reaches the run itself (tsx's cli would relay it).
  const startRun = (d: string) =>
    spawn(process.execPath, [join(root, "bin", "loglake.mjs"), "local", "run", "--events", "3000000", "--dir", d], {
      cwd: tmp,
    });

  it("stops on SIGINT with one line, no scratch left, and a rerun loads the lake's distinct ids", async () => {
    const d = join(tmp, "int");
    const child = startRun(d);
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString();
    });
    await new Promise((r) => setTimeout(r, 6000));
    child.kill("SIGINT");
    const code = await new Promise((r) => child.on("exit", (c) => r(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(
      /^loglake: interrupted by SIGINT after [\d,]+ of 3,000,000 events; scratch removed, the warehouse is closed with [\d,]+ rows \(rerun to finish\)\n$/,
    );
    expect(files(d).filter((f) => f.endsWith(".tmp") || f.includes(`${d}/tmp`))).toEqual([]);
  }, 60_000);

  it("removes the .parquet.tmp and scratch a SIGKILL left when it runs again", async () => {
    const d = join(tmp, "kill");
    const child = startRun(d);
    await new Promise((r) => setTimeout(r, 6000));
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    const r = loglake(["local", "run", "--events", "2000", "--dir", d, "--json"]);
    expect(r.code).toBe(0);
    expect(files(d).filter((f) => f.endsWith(".parquet.tmp") || f.includes(`${d}/tmp`))).toEqual([]);
    const lake = loglake([
      "lake",
      "query",
      "SELECT COUNT(DISTINCT event_id) AS n FROM log_events",
      "--dir",
      d,
      "--format",
      "csv",
    ]);
    const warehouse = loglake(["query", "SELECT COUNT(*) AS n FROM logs.log_events", "--dir", d, "--format", "csv"]);
    expect(warehouse.stdout).toBe(lake.stdout);
  }, 60_000);
});
