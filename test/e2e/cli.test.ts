/** The `loglake` command's error paths and its --json contract, run as a real process. */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const tmp = mkdtempSync(join(tmpdir(), "loglake-cli-"));

function loglake(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [join(root, "node_modules", "tsx", "dist", "cli.mjs"), join(root, "cli", "main.ts"), ...args],
    {
      cwd: tmp,
      encoding: "utf8",
      env: { ...process.env, LOGLAKE_DEBUG: "" },
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStack = (text: string): void => {
  expect(text).not.toMatch(/\n\s+at /);
  expect(text.trim().split("\n")).toHaveLength(1);
};

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("loglake CLI", () => {
  it("prints the Redshift setup SQL with the sorted log_events table", () => {
    const r = loglake("warehouse", "ddl");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('CREATE SCHEMA IF NOT EXISTS "logs"');
    expect(r.stdout).toMatch(/CREATE TABLE IF NOT EXISTS "logs"\."log_events"[\s\S]*SORTKEY \("event_time"\)/);
    expect(r.stdout).toContain(
      'CREATE MATERIALIZED VIEW "bi"."events_by_day" AUTO REFRESH YES AS SELECT CAST("event_time" AS DATE) AS "event_date"',
    );
    expect(r.stdout).toContain('CREATE OR REPLACE VIEW "bi"."onboarding_funnel" AS SELECT');
  });

  it("prints the setup as named steps: users first (passwords as placeholders), grants last", () => {
    const r = loglake("warehouse", "ddl", "--loader-user", "IAMR:loglake-dev-loader");
    expect(r.code).toBe(0);
    expect(
      r.stdout.startsWith(
        [
          "-- createUser:bi_reader",
          `CREATE USER "bi_reader" PASSWORD 'md5<md5 hex of the reader secret password + user name>';`,
          "",
          "-- createUser:IAMR:loglake-dev-loader",
          'CREATE USER "IAMR:loglake-dev-loader" PASSWORD DISABLE;',
          "",
          "-- createSchema:logs",
        ].join("\n"),
      ),
    ).toBe(true);
    const tail = [
      "-- grantSchemaUsage:bi_reader",
      'GRANT USAGE ON SCHEMA "bi" TO "bi_reader";',
      "",
      "-- grantBaseSchemaUsage:bi_reader",
      'GRANT USAGE ON SCHEMA "logs" TO "bi_reader";',
      "",
      "-- grantSelect:bi_reader",
      'GRANT SELECT ON ALL TABLES IN SCHEMA "bi" TO "bi_reader";',
      "",
      "-- grantFutureSelect:bi_reader",
      'ALTER DEFAULT PRIVILEGES IN SCHEMA "bi" GRANT SELECT ON TABLES TO "bi_reader";',
      "",
      "-- grantSchemaUsage:IAMR:loglake-dev-loader",
      'GRANT USAGE ON SCHEMA "logs" TO "IAMR:loglake-dev-loader";',
      "",
      "-- grantLoad:IAMR:loglake-dev-loader",
      'GRANT SELECT, INSERT ON TABLE "logs"."log_events", "logs"."load_ledger" TO "IAMR:loglake-dev-loader";',
      "",
      "-- grantLedgerLock:IAMR:loglake-dev-loader",
      'GRANT UPDATE ON TABLE "logs"."load_ledger" TO "IAMR:loglake-dev-loader";\n',
    ].join("\n");
    expect(r.stdout.endsWith(tail)).toBe(true);
  });

  it("gives a provisioned loader (a secret's username) a password placeholder, and no loader without the option", () => {
    const named = loglake("warehouse", "ddl", "--loader-user", "loglake_loader");
    const none = loglake("warehouse", "ddl");
    expect(named.stdout).toContain(
      `-- createUser:loglake_loader\nCREATE USER "loglake_loader" PASSWORD 'md5<md5 hex of the loader secret password + user name>';\n`,
    );
    expect(none.stdout).not.toContain("loader");
  });

  it("rejects an unknown flag with exit code 2 and one line naming it", () => {
    const r = loglake("local", "run", "--bogus");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option --bogus");
    noStack(r.stderr);
  });

  it("rejects a non-numeric --events value", () => {
    const r = loglake("local", "run", "--events", "lots");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('loglake: --events must be a whole number from 1 to 100,000,000, got "lots"\n');
    noStack(r.stderr);
  });

  it("reports an unwritable --dir in one line with a non-zero exit code", () => {
    const file = join(tmp, "a-file");
    writeFileSync(file, "not a directory");
    const r = loglake("local", "run", "--events", "10", "--dir", join(file, "sub"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write to .*a-file\/sub/);
    noStack(r.stderr);
  });

  it("reports a corrupt warehouse file in one line with a non-zero exit code", () => {
    const dir = join(tmp, "corrupt");
    loglake("local", "run", "--events", "10", "--dir", dir);
    writeFileSync(join(dir, "warehouse.duckdb"), "this is not a DuckDB file, just text ".repeat(200));
    chmodSync(join(dir, "warehouse.duckdb"), 0o644);
    const r = loglake("query", "SELECT 1", "--dir", dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot open warehouse/);
    noStack(r.stderr);
  });

  it("reports a bad SQL statement as a one-line query error", () => {
    const dir = join(tmp, "sql");
    loglake("local", "run", "--events", "10", "--dir", dir);
    const r = loglake("query", "SELEKT nonsense", "--dir", dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^loglake: query failed:/);
    noStack(r.stderr);
  });

  it("prints help for every command with exit code 0", () => {
    expect(loglake("--help").stdout).toMatch(/^loglake — Onboarding Log Lake operator CLI\n\nUsage:\n/);
    for (const args of [
      ["local", "run", "--help"],
      ["local", "reprocess", "--help"],
      ["query", "--help"],
      ["lake", "query", "--help"],
      ["report", "--help"],
      ["local", "load", "--help"],
      ["local", "clean", "--help"],
      ["warehouse", "ddl", "--help"],
      ["backfill-lake", "--help"],
      ["backfill", "--help"],
      ["reprocess", "--help"],
      ["smoke", "--help"],
      ["cost", "--help"],
    ]) {
      const r = loglake(...args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: loglake ${args.slice(0, -1).join(" ")} `));
    }
  });

  it("names every bi view in the help of loglake query", () => {
    const r = loglake("query", "--help");
    const listed = r.stdout.match(/bi\.[a-z_]+/g) ?? [];
    expect(listed.sort()).toEqual([
      "bi.api_requests",
      "bi.errors_by_service_day",
      "bi.events_by_day",
      "bi.events_by_hour",
      "bi.lambda_performance",
      "bi.onboarding_funnel",
      "bi.recent_events",
    ]);
  });

  it("ends stdout with one JSON summary object when --json is given", () => {
    const r = loglake("local", "run", "--events", "500", "--seed", "7", "--dir", join(tmp, "json"), "--json");
    expect(r.code).toBe(0);
    const last = JSON.parse(r.stdout.trim().split("\n").at(-1) as string);
    for (const key of [
      "events",
      "lake_rows",
      "warehouse_rows",
      "failed_records",
      "failed_events",
      "dropped_records",
      "seconds",
      "dir",
      "events_per_s",
      "stages",
    ]) {
      expect(last).toHaveProperty(key);
    }
    expect(last.events).toBe(500);
    expect(last.report).toBe(join(tmp, "json", "report.html"));
    expect(existsSync(last.report)).toBe(true);
  });

  it("writes the report where --out says and, with --quiet, prints only its path", () => {
    loglake("local", "run", "--events", "300", "--dir", join(tmp, "report"), "--quiet");
    const out = join(tmp, "page.html");
    const r = loglake("report", "--dir", join(tmp, "report"), "--out", out, "--quiet");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${out}\n`);
    expect(readFileSync(out, "utf8")).toMatch(/^<!doctype html>/);
  });

  it("says to run the pipeline first when there is no warehouse to report on", () => {
    const dir = join(tmp, "no-run");
    const r = loglake("report", "--dir", dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `loglake: no warehouse at ${dir}/warehouse.duckdb yet: run \`npm start\` (or \`loglake local run --dir ${dir}\`) first\n`,
    );
  });

  it("refuses extra arguments and an empty --out for report", () => {
    const extra = loglake("report", "now");
    expect(extra.code).toBe(2);
    expect(extra.stderr).toBe('loglake: unexpected argument "now" (this command takes options only)\n');
    const out = loglake("report", "--out", "");
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('loglake: --out must name a file, got ""\n');
  });
});
