/**
 * A stateful stand-in for the warehouse behind the fake Data API: it applies the setup's DDL to an in-memory
 * catalog (users, schemas, tables and their columns, bi views and materialized views, setup_objects rows) and
 * answers the setup's catalog queries from it, so a test can run the setup twice and see what the second run does.
 */
import { selectColumns } from "../../core/load/view-columns.js";

type Cell = string | number | null;

/** The catalog, and the two hooks fakeDataApi takes. */
export function fakeWarehouse() {
  const users = new Set<string>();
  const schemas = new Set<string>();
  const tables = new Map<string, Cell[][]>();
  const bi = new Map<string, { columns: string[]; materialized: boolean }>();
  const definitions = new Map<string, string>();
  const svvType = (t: string): [string, number | null] => {
    const varchar = /^VARCHAR\((\d+)\)$/.exec(t);
    if (varchar) return ["character varying", Number(varchar[1])];
    const types: Record<string, string> = {
      TIMESTAMP: "timestamp without time zone",
      "DOUBLE PRECISION": "double precision",
    };
    return [types[t] ?? t.toLowerCase(), null];
  };
  const columnsOf = (ddl: string): Cell[][] =>
    [...ddl.matchAll(/^ {2}"([^"]+)" (.+?)(?: NOT NULL)? ENCODE \w+,?$/gm)].map((m) => [
      m[1] as string,
      ...svvType(m[2] as string),
    ]);

  /** Each DDL form the setup emits, and what it does to the catalog. */
  const rules: [RegExp, (m: string[], sql: string) => void][] = [
    [/^CREATE USER "([^"]+)"/, (m) => users.add((m[1] as string).toLowerCase())],
    [/^CREATE SCHEMA IF NOT EXISTS "([^"]+)"/, (m) => schemas.add(m[1] as string)],
    [/^CREATE TABLE IF NOT EXISTS "logs"\."([^"]+)"/, (m, sql) => tables.set(m[1] as string, columnsOf(sql))],
    [
      /^ALTER TABLE "logs"\."([^"]+)" ADD COLUMN "([^"]+)" (.+) ENCODE/,
      (m) => tables.get(m[1] as string)?.push([m[2] as string, ...svvType(m[3] as string)]),
    ],
    [
      /^CREATE (OR REPLACE VIEW|VIEW|MATERIALIZED VIEW) "bi"\."([^"]+)"(?: AUTO REFRESH YES)? AS (.*)$/s,
      (m) =>
        bi.set(m[2] as string, { columns: selectColumns(m[3] as string), materialized: m[1] === "MATERIALIZED VIEW" }),
    ],
    [/^DROP (?:MATERIALIZED )?VIEW "bi"\."([^"]+)"/, (m) => bi.delete(m[1] as string)],
    [
      /^DELETE FROM "logs"\."setup_objects"/,
      (_, sql) => {
        for (const id of sql.matchAll(/'([^']+)'/g)) definitions.delete(id[1] as string);
      },
    ],
    [
      /^INSERT INTO "logs"\."setup_objects"/,
      (_, sql) => {
        for (const row of sql.matchAll(/\('([^']+)', '([0-9a-f]{64})', GETDATE\(\)\)/g))
          definitions.set(row[1] as string, row[2] as string);
      },
    ],
  ];
  const apply = (sql: string): void => {
    for (const [pattern, change] of rules) {
      const m = pattern.exec(sql);
      if (m) {
        change([...m], sql);
        return;
      }
    }
  };

  function rows(sql: string): Cell[][] {
    if (sql.includes("FROM pg_user"))
      return [...sql.matchAll(/'([^']+)'/g)]
        .map((x) => x[1] as string)
        .filter((u) => users.has(u))
        .map((u) => [u]);
    if (sql.includes("FROM pg_namespace")) return [...schemas].map((s) => [s]);
    if (sql.includes("FROM svv_tables")) return [...tables.keys()].map((t) => [t]);
    if (sql.includes(`"table_name" = 'log_events'`)) return tables.get("log_events") ?? [];
    if (sql.includes(`FROM svv_columns WHERE "table_schema" = 'bi'`))
      return [...bi].flatMap(([name, o]) => o.columns.map((c) => [name, c]));
    if (sql.includes("FROM svv_mv_info"))
      return [...bi].filter(([, o]) => o.materialized).map(([name]) => [`${name}   `]);
    if (sql.includes('FROM "logs"."setup_objects"')) return [...definitions].map(([id, sha]) => [id, sha]);
    return [];
  }

  return {
    rows,
    fail: (sql: string) => {
      if (!sql.startsWith("SELECT ")) apply(sql);
      return undefined;
    },
  };
}
