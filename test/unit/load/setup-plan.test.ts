/**
 * The warehouse setup plan: from the live state and the desired one to named steps. A small catalog and two
 * views keep the expected SQL literal; the last cases run the real catalog and views.
 */
import { describe, expect, it } from "vitest";
import { SchemaEvolutionError } from "../../../core/load/evolution.js";
import { DEFAULT_WAREHOUSE_NAMES } from "../../../core/load/names.js";
import { EMPTY_WAREHOUSE, type LiveWarehouse } from "../../../core/load/setup-catalog.js";
import {
  type DesiredWarehouse,
  liveColumnsBeyondCatalog,
  redshiftPasswordVerifier,
  warehouseSetupPlan,
} from "../../../core/load/setup-plan.js";
import type { BiView } from "../../../core/load/views.js";
import type { ColumnSpec } from "../../../schemas/catalog.js";

const CATALOG: ColumnSpec[] = [
  { name: "event_id", type: "string", maxBytes: 64, nullable: false, description: "id" },
  { name: "event_time", type: "timestamp", nullable: false, description: "time" },
  { name: "level", type: "string", maxBytes: 8, nullable: true, description: "level" },
];
const GROWN: ColumnSpec[] = [
  ...CATALOG,
  { name: "tenant", type: "string", maxBytes: 32, nullable: true, description: "t" },
];
const PLAIN: BiView = {
  name: "recent",
  description: "recent events",
  select: 'SELECT "event_time", "level" FROM "logs"."log_events"',
  materialized: false,
};
const DAILY: BiView = {
  name: "daily",
  description: "events per day",
  select:
    'SELECT CAST("event_time" AS DATE) AS "event_date", COUNT(*) AS "events" FROM "logs"."log_events" GROUP BY CAST("event_time" AS DATE)',
  materialized: true,
};
/** sha256sum of each CREATE statement (computed with coreutils, not with the code under test). */
const PLAIN_SHA = "cae2a0730f6e1385faa40918efa1b8a44c34b571deef1cfd825cf76c9821b19b";
const DAILY_SHA = "9eab43ca04e2bbcc29aa532015b812a56e43e39a9a48fe88446d44dbe7eac044";
const DESIRED: DesiredWarehouse = {
  names: DEFAULT_WAREHOUSE_NAMES,
  users: {
    reader: { name: "bi_reader", password: "Rd9-sEcret'x" },
    loader: { name: "IAMR:loglake-dev-loader", passwordDisabled: true },
  },
  catalog: CATALOG,
  views: [PLAIN, DAILY],
};
const LOG_EVENTS_DDL = [
  'CREATE TABLE IF NOT EXISTS "logs"."log_events" (',
  '  "event_id" VARCHAR(64) NOT NULL ENCODE ZSTD,',
  '  "event_time" TIMESTAMP NOT NULL ENCODE RAW,',
  '  "level" VARCHAR(8) ENCODE ZSTD',
  ")",
  'DISTSTYLE KEY DISTKEY ("event_id")',
  'SORTKEY ("event_time")',
].join("\n");
const LEDGER_DDL = [
  'CREATE TABLE IF NOT EXISTS "logs"."load_ledger" (',
  '  "batch_id" VARCHAR(64) NOT NULL ENCODE ZSTD,',
  '  "object_url" VARCHAR(1024) NOT NULL ENCODE ZSTD,',
  '  "content_length" BIGINT NOT NULL ENCODE AZ64,',
  '  "rows_staged" BIGINT NOT NULL ENCODE AZ64,',
  '  "loaded_at" TIMESTAMP NOT NULL ENCODE AZ64',
  ")",
  "DISTSTYLE ALL",
  'SORTKEY ("loaded_at")',
].join("\n");
const SETUP_OBJECTS_DDL = [
  'CREATE TABLE IF NOT EXISTS "logs"."setup_objects" (',
  '  "object_name" VARCHAR(256) NOT NULL ENCODE ZSTD,',
  '  "definition_sha256" VARCHAR(64) NOT NULL ENCODE ZSTD,',
  '  "applied_at" TIMESTAMP NOT NULL ENCODE AZ64',
  ")",
  "DISTSTYLE ALL",
].join("\n");
const GRANTS = [
  ["grantSchemaUsage:bi_reader", 'GRANT USAGE ON SCHEMA "bi" TO "bi_reader"'],
  ["grantBaseSchemaUsage:bi_reader", 'GRANT USAGE ON SCHEMA "logs" TO "bi_reader"'],
  ["grantSelect:bi_reader", 'GRANT SELECT ON ALL TABLES IN SCHEMA "bi" TO "bi_reader"'],
  ["grantFutureSelect:bi_reader", 'ALTER DEFAULT PRIVILEGES IN SCHEMA "bi" GRANT SELECT ON TABLES TO "bi_reader"'],
  ["grantSchemaUsage:IAMR:loglake-dev-loader", 'GRANT USAGE ON SCHEMA "logs" TO "IAMR:loglake-dev-loader"'],
  [
    "grantLoad:IAMR:loglake-dev-loader",
    'GRANT SELECT, INSERT ON TABLE "logs"."log_events", "logs"."load_ledger" TO "IAMR:loglake-dev-loader"',
  ],
  [
    "grantLedgerLock:IAMR:loglake-dev-loader",
    'GRANT UPDATE ON TABLE "logs"."load_ledger" TO "IAMR:loglake-dev-loader"',
  ],
].map(([name, sql]) => ({ name: name as string, sql: sql as string }));

/** The state a first run against an empty warehouse leaves (definitions as recorded by that run). */
function afterFirstRun(definitions: Record<string, string>): LiveWarehouse {
  return {
    users: ["bi_reader", "iamr:loglake-dev-loader"],
    schemas: ["logs", "bi"],
    tables: ["log_events", "load_ledger", "setup_objects"],
    logEventsColumns: [
      { name: "event_id", type: "VARCHAR(64)" },
      { name: "event_time", type: "TIMESTAMP" },
      { name: "level", type: "VARCHAR(8)" },
    ],
    biObjects: [
      { name: "recent", columns: ["event_time", "level"], materialized: false },
      { name: "daily", columns: ["event_date", "events"], materialized: true },
    ],
    definitions,
  };
}
const names = (steps: { name: string }[]) => steps.map((s) => s.name);

describe("warehouseSetupPlan on an empty warehouse", () => {
  it("creates users, schemas, tables, views, records the definitions, then grants, in that order", () => {
    const steps = warehouseSetupPlan(EMPTY_WAREHOUSE, DESIRED);

    expect(steps).toEqual([
      {
        name: "createUser:bi_reader",
        sql: `CREATE USER "bi_reader" PASSWORD 'md5e996d890836cc853943ac9b6c4600554'`,
        sensitive: true,
      },
      { name: "createUser:IAMR:loglake-dev-loader", sql: 'CREATE USER "IAMR:loglake-dev-loader" PASSWORD DISABLE' },
      { name: "createSchema:logs", sql: 'CREATE SCHEMA IF NOT EXISTS "logs"' },
      { name: "createSchema:bi", sql: 'CREATE SCHEMA IF NOT EXISTS "bi"' },
      { name: "createTable:logs.log_events", sql: LOG_EVENTS_DDL },
      { name: "createTable:logs.load_ledger", sql: LEDGER_DDL },
      { name: "createTable:logs.setup_objects", sql: SETUP_OBJECTS_DDL },
      {
        name: "createView:bi.recent",
        sql: 'CREATE OR REPLACE VIEW "bi"."recent" AS SELECT "event_time", "level" FROM "logs"."log_events"',
      },
      {
        name: "createMaterializedView:bi.daily",
        sql: 'CREATE MATERIALIZED VIEW "bi"."daily" AUTO REFRESH YES AS SELECT CAST("event_time" AS DATE) AS "event_date", COUNT(*) AS "events" FROM "logs"."log_events" GROUP BY CAST("event_time" AS DATE)',
      },
      {
        name: "forgetDefinitions",
        sql: `DELETE FROM "logs"."setup_objects" WHERE "object_name" IN ('bi.recent', 'bi.daily')`,
      },
      {
        name: "recordDefinitions",
        sql: `INSERT INTO "logs"."setup_objects" ("object_name", "definition_sha256", "applied_at") VALUES ('bi.recent', '${PLAIN_SHA}', GETDATE()), ('bi.daily', '${DAILY_SHA}', GETDATE())`,
      },
      ...GRANTS,
    ]);
  });
});

describe("warehouseSetupPlan against the state a first run left", () => {
  const recordedNow = { "bi.recent": PLAIN_SHA, "bi.daily": DAILY_SHA };

  it("re-runs nothing but the password, CREATE OR REPLACE of the plain view and the grants (idempotent)", () => {
    // The drop-then-create cases below re-create a plain view with CREATE OR REPLACE too: after the DROP it
    // creates, and the one statement text is what the definition fingerprint covers.
    const steps = warehouseSetupPlan(afterFirstRun(recordedNow), DESIRED);

    expect(steps).toEqual([
      {
        name: "alterUserPassword:bi_reader",
        sql: `ALTER USER "bi_reader" PASSWORD 'md5e996d890836cc853943ac9b6c4600554'`,
        sensitive: true,
      },
      {
        name: "replaceView:bi.recent",
        sql: 'CREATE OR REPLACE VIEW "bi"."recent" AS SELECT "event_time", "level" FROM "logs"."log_events"',
      },
      ...GRANTS,
    ]);
    expect(steps.filter((s) => /^(DROP|CREATE (?!OR REPLACE VIEW))/.test(s.sql))).toEqual([]);
  });

  it("adds exactly one column when the catalog gained a nullable one at the end, re-creating nothing", () => {
    const steps = warehouseSetupPlan(afterFirstRun(recordedNow), { ...DESIRED, catalog: GROWN });

    expect(steps.filter((s) => s.sql.startsWith("ALTER TABLE"))).toEqual([
      {
        name: "addColumn:logs.log_events.tenant",
        sql: 'ALTER TABLE "logs"."log_events" ADD COLUMN "tenant" VARCHAR(32) ENCODE ZSTD',
      },
    ]);
    expect(names(steps)).toEqual([
      "alterUserPassword:bi_reader",
      "addColumn:logs.log_events.tenant",
      "replaceView:bi.recent",
      ...names(GRANTS),
    ]);
  });

  it("plans nothing for log_events on a rollback: the old catalog is a prefix of the grown table", () => {
    const grown = afterFirstRun(recordedNow);
    const live = {
      ...grown,
      logEventsColumns: [...grown.logEventsColumns, { name: "tenant", type: "VARCHAR(32)" }],
    };

    const steps = warehouseSetupPlan(live, DESIRED);

    expect(steps.filter((s) => s.name.includes("log_events") || s.sql.includes("ALTER TABLE"))).toEqual([]);
    expect(names(steps)).toEqual(["alterUserPassword:bi_reader", "replaceView:bi.recent", ...names(GRANTS)]);
    expect(liveColumnsBeyondCatalog(live, DESIRED)).toEqual([{ name: "tenant", type: "VARCHAR(32)" }]);
  });

  it("still refuses a grown table whose first columns differ from the older catalog", () => {
    const grown = afterFirstRun(recordedNow);
    const live = {
      ...grown,
      logEventsColumns: [
        { name: "event_id", type: "VARCHAR(64)" },
        { name: "level", type: "VARCHAR(8)" },
        { name: "event_time", type: "TIMESTAMP" },
        { name: "tenant", type: "VARCHAR(32)" },
      ],
    };

    expect(() => warehouseSetupPlan(live, DESIRED)).toThrow(
      "logs.log_events column 2 is level VARCHAR(8) in the warehouse but event_time TIMESTAMP in the catalog",
    );
  });

  it("refuses a catalog change that is not an appended column, so the deploy fails with the reason", () => {
    const retyped = CATALOG.map((c) => (c.name === "level" ? { ...c, maxBytes: 16 } : c));

    expect(() => warehouseSetupPlan(afterFirstRun(recordedNow), { ...DESIRED, catalog: retyped })).toThrow(
      SchemaEvolutionError,
    );
  });

  it("drops and re-creates a plain view whose columns changed, then grants again", () => {
    const wider = { ...PLAIN, select: 'SELECT "event_time", "level", "event_id" FROM "logs"."log_events"' };

    const steps = warehouseSetupPlan(afterFirstRun(recordedNow), { ...DESIRED, views: [wider, DAILY] });

    expect(steps.slice(1, 3)).toEqual([
      { name: "dropView:bi.recent", sql: 'DROP VIEW "bi"."recent"' },
      {
        name: "createView:bi.recent",
        sql: 'CREATE OR REPLACE VIEW "bi"."recent" AS SELECT "event_time", "level", "event_id" FROM "logs"."log_events"',
      },
    ]);
    expect(names(steps).slice(3)).toEqual(["forgetDefinitions", "recordDefinitions", ...names(GRANTS)]);
    expect(steps[3]?.sql).toBe(`DELETE FROM "logs"."setup_objects" WHERE "object_name" IN ('bi.recent')`);
  });

  it("drops and re-creates a plain view whose definition changed under the same column names (types may differ)", () => {
    const retyped = {
      ...PLAIN,
      select: 'SELECT "event_time", CAST("level" AS VARCHAR(16)) AS "level" FROM "logs"."log_events"',
    };

    const steps = warehouseSetupPlan(afterFirstRun(recordedNow), { ...DESIRED, views: [retyped, DAILY] });

    expect(steps.slice(1, 5)).toEqual([
      { name: "dropView:bi.recent", sql: 'DROP VIEW "bi"."recent"' },
      {
        name: "createView:bi.recent",
        sql: 'CREATE OR REPLACE VIEW "bi"."recent" AS SELECT "event_time", CAST("level" AS VARCHAR(16)) AS "level" FROM "logs"."log_events"',
      },
      {
        name: "forgetDefinitions",
        sql: `DELETE FROM "logs"."setup_objects" WHERE "object_name" IN ('bi.recent')`,
      },
      expect.objectContaining({ name: "recordDefinitions" }),
    ]);
  });

  it("only replaces a retyped plain view on the run after the one that dropped and created it (idempotent)", () => {
    const retyped = {
      ...PLAIN,
      select: 'SELECT "event_time", CAST("level" AS VARCHAR(16)) AS "level" FROM "logs"."log_events"',
    };
    // sha256sum of its CREATE statement, computed with coreutils.
    const recorded = {
      "bi.recent": "c7510738ae6b731d9d489e4ddb59bc981ba36dc86df290dfe28005a16b462458",
      "bi.daily": DAILY_SHA,
    };

    const steps = warehouseSetupPlan(afterFirstRun(recorded), { ...DESIRED, views: [retyped, DAILY] });

    expect(names(steps)).toEqual(["alterUserPassword:bi_reader", "replaceView:bi.recent", ...names(GRANTS)]);
  });

  it("drops and re-creates a plain view whose definition was never recorded, even with the same columns", () => {
    const steps = warehouseSetupPlan(afterFirstRun({ "bi.daily": DAILY_SHA }), DESIRED);

    expect(steps.slice(1, 3)).toEqual([
      { name: "dropView:bi.recent", sql: 'DROP VIEW "bi"."recent"' },
      {
        name: "createView:bi.recent",
        sql: 'CREATE OR REPLACE VIEW "bi"."recent" AS SELECT "event_time", "level" FROM "logs"."log_events"',
      },
    ]);
    expect(steps[3]?.sql).toBe(`DELETE FROM "logs"."setup_objects" WHERE "object_name" IN ('bi.recent')`);
    expect(steps[4]?.sql).toBe(
      `INSERT INTO "logs"."setup_objects" ("object_name", "definition_sha256", "applied_at") VALUES ('bi.recent', '${PLAIN_SHA}', GETDATE())`,
    );
  });

  it("drops and re-creates a materialized view whose definition changed", () => {
    const changed = { ...DAILY, select: DAILY.select.replace("COUNT(*)", 'COUNT("event_id")') };

    const steps = warehouseSetupPlan(afterFirstRun(recordedNow), { ...DESIRED, views: [PLAIN, changed] });

    expect(steps.slice(2, 4)).toEqual([
      { name: "dropMaterializedView:bi.daily", sql: 'DROP MATERIALIZED VIEW "bi"."daily"' },
      {
        name: "createMaterializedView:bi.daily",
        sql: 'CREATE MATERIALIZED VIEW "bi"."daily" AUTO REFRESH YES AS SELECT CAST("event_time" AS DATE) AS "event_date", COUNT("event_id") AS "events" FROM "logs"."log_events" GROUP BY CAST("event_time" AS DATE)',
      },
    ]);
    expect(steps[4]?.sql).toBe(`DELETE FROM "logs"."setup_objects" WHERE "object_name" IN ('bi.daily')`);
  });

  it("re-creates a materialized view whose definition was never recorded, or whose columns differ", () => {
    const unrecorded = warehouseSetupPlan(afterFirstRun({ "bi.recent": recordedNow["bi.recent"] }), DESIRED);
    const live = afterFirstRun(recordedNow);
    const handEdited = warehouseSetupPlan(
      {
        ...live,
        biObjects: [
          { name: "recent", columns: ["event_time", "level"], materialized: false },
          { name: "daily", columns: ["event_date"], materialized: true },
        ],
      },
      DESIRED,
    );

    for (const steps of [unrecorded, handEdited]) {
      expect(names(steps).slice(2, 4)).toEqual(["dropMaterializedView:bi.daily", "createMaterializedView:bi.daily"]);
    }
  });

  it("keeps a materialized view whose columns the catalog does not show, by its recorded definition", () => {
    const live = afterFirstRun(recordedNow);
    const hidden = { ...live, biObjects: [live.biObjects[0], { name: "daily", columns: [], materialized: true }] };

    const steps = warehouseSetupPlan(hidden as LiveWarehouse, DESIRED);

    expect(names(steps).filter((n) => n.includes("daily"))).toEqual([]);
  });

  it("turns a plain view into a materialized one and back with the right DROP", () => {
    const live = afterFirstRun(recordedNow);

    const toMaterialized = warehouseSetupPlan(live, { ...DESIRED, views: [{ ...PLAIN, materialized: true }, DAILY] });
    const toPlain = warehouseSetupPlan(live, { ...DESIRED, views: [PLAIN, { ...DAILY, materialized: false }] });

    expect(toMaterialized.slice(1, 3)).toEqual([
      { name: "dropView:bi.recent", sql: 'DROP VIEW "bi"."recent"' },
      {
        name: "createMaterializedView:bi.recent",
        sql: 'CREATE MATERIALIZED VIEW "bi"."recent" AUTO REFRESH YES AS SELECT "event_time", "level" FROM "logs"."log_events"',
      },
    ]);
    expect(toPlain.slice(2, 4)).toEqual([
      { name: "dropMaterializedView:bi.daily", sql: 'DROP MATERIALIZED VIEW "bi"."daily"' },
      {
        name: "createView:bi.daily",
        sql: 'CREATE OR REPLACE VIEW "bi"."daily" AS SELECT CAST("event_time" AS DATE) AS "event_date", COUNT(*) AS "events" FROM "logs"."log_events" GROUP BY CAST("event_time" AS DATE)',
      },
    ]);
  });
});

describe("warehouseSetupPlan users", () => {
  it("sends the MD5 verifier Redshift documents, md5 + md5hex(password + lowercase user), never the password", () => {
    // Redshift's CREATE USER example (password ez, user user1); `printf ezuser1 | md5sum` gives the hex.
    const documented = redshiftPasswordVerifier({ name: "user1", password: "ez" });
    const upperCase = redshiftPasswordVerifier({ name: "USER1", password: "ez" });
    const steps = warehouseSetupPlan(EMPTY_WAREHOUSE, {
      ...DESIRED,
      users: { reader: { name: "User1", password: "ez" } },
    });

    expect(documented).toBe("md5153c434b4b77c89e6b94f12c5393af5b");
    expect(upperCase).toBe("md5153c434b4b77c89e6b94f12c5393af5b");
    expect(steps[0]).toEqual({
      name: "createUser:User1",
      sql: `CREATE USER "User1" PASSWORD 'md5153c434b4b77c89e6b94f12c5393af5b'`,
      sensitive: true,
    });
    expect(steps.filter((s) => s.sql.includes("'ez'"))).toEqual([]);
  });

  it("shows a placeholder where the verifier goes for a user whose password is not known (warehouse ddl)", () => {
    const steps = warehouseSetupPlan(EMPTY_WAREHOUSE, {
      ...DESIRED,
      users: { reader: { name: "bi_reader", placeholder: "md5<from the reader secret>" } },
    });

    expect(steps[0]?.sql).toBe(`CREATE USER "bi_reader" PASSWORD 'md5<from the reader secret>'`);
  });

  it("creates a provisioned loader with its password, and alters the password of one that exists", () => {
    const users = { reader: DESIRED.users.reader, loader: { name: "loglake_loader", password: "Ld8\\pass" } };

    const fresh = warehouseSetupPlan(EMPTY_WAREHOUSE, { ...DESIRED, users });
    const present = warehouseSetupPlan(
      { ...EMPTY_WAREHOUSE, users: ["bi_reader", "loglake_loader"] },
      { ...DESIRED, users },
    );

    expect(fresh[1]).toEqual({
      name: "createUser:loglake_loader",
      sql: `CREATE USER "loglake_loader" PASSWORD 'md52674dd0b926c6bd9f5fa7baecd25452c'`,
      sensitive: true,
    });
    expect(present.slice(0, 2)).toEqual([
      {
        name: "alterUserPassword:bi_reader",
        sql: `ALTER USER "bi_reader" PASSWORD 'md5e996d890836cc853943ac9b6c4600554'`,
        sensitive: true,
      },
      {
        name: "alterUserPassword:loglake_loader",
        sql: `ALTER USER "loglake_loader" PASSWORD 'md52674dd0b926c6bd9f5fa7baecd25452c'`,
        sensitive: true,
      },
    ]);
  });

  it("leaves an IAM user that exists as it is (pg_user holds it in lowercase)", () => {
    const steps = warehouseSetupPlan({ ...EMPTY_WAREHOUSE, users: ["iamr:loglake-dev-loader"] }, DESIRED);

    expect(names(steps).slice(0, 2)).toEqual(["createUser:bi_reader", "createSchema:logs"]);
  });
});

describe("warehouseSetupPlan for a renamed user", () => {
  it("revokes what the old user held on bi and logs and disables its password, after the grants", () => {
    const live = {
      ...afterFirstRun({ "bi.recent": PLAIN_SHA, "bi.daily": DAILY_SHA }),
      users: ["bi_reader", "iamr:loglake-dev-loader", "powerbi"],
    };

    const steps = warehouseSetupPlan(live, { ...DESIRED, retiredUsers: ["powerbi"] });

    expect(steps.slice(-6)).toEqual([
      { name: "revokeTables:powerbi:bi", sql: 'REVOKE ALL ON ALL TABLES IN SCHEMA "bi" FROM "powerbi"' },
      { name: "revokeTables:powerbi:logs", sql: 'REVOKE ALL ON ALL TABLES IN SCHEMA "logs" FROM "powerbi"' },
      { name: "revokeSchemaUsage:powerbi:bi", sql: 'REVOKE USAGE ON SCHEMA "bi" FROM "powerbi"' },
      { name: "revokeSchemaUsage:powerbi:logs", sql: 'REVOKE USAGE ON SCHEMA "logs" FROM "powerbi"' },
      {
        name: "revokeFutureSelect:powerbi",
        sql: 'ALTER DEFAULT PRIVILEGES IN SCHEMA "bi" REVOKE SELECT ON TABLES FROM "powerbi"',
      },
      { name: "disablePassword:powerbi", sql: 'ALTER USER "powerbi" PASSWORD DISABLE' },
    ]);
    expect(names(steps).slice(-7, -6)).toEqual(["grantLedgerLock:IAMR:loglake-dev-loader"]);
    expect(steps.filter((s) => s.sql.startsWith("DROP USER"))).toEqual([]);
  });

  it("retires an old IAMR loader matched case-insensitively (pg_user holds it in lowercase)", () => {
    const live = { ...afterFirstRun({}), users: ["bi_reader", "iamr:loglake-dev-loader", "iamr:loglake-old-loader"] };

    const steps = warehouseSetupPlan(live, { ...DESIRED, retiredUsers: ["IAMR:loglake-old-loader"] });

    expect(steps.at(-1)).toEqual({
      name: "disablePassword:IAMR:loglake-old-loader",
      sql: 'ALTER USER "IAMR:loglake-old-loader" PASSWORD DISABLE',
    });
  });

  it("plans nothing for an old user that does not exist, or that is still the reader or the loader", () => {
    const live = afterFirstRun({ "bi.recent": PLAIN_SHA, "bi.daily": DAILY_SHA });

    const missing = warehouseSetupPlan(live, { ...DESIRED, retiredUsers: ["powerbi"] });
    const stillUsed = warehouseSetupPlan(live, { ...DESIRED, retiredUsers: ["BI_READER"] });

    for (const steps of [missing, stillUsed]) {
      expect(names(steps)).toEqual(["alterUserPassword:bi_reader", "replaceView:bi.recent", ...names(GRANTS)]);
    }
  });

  it("revokes only on the schemas that exist", () => {
    const steps = warehouseSetupPlan(
      { ...EMPTY_WAREHOUSE, users: ["powerbi"] },
      { ...DESIRED, retiredUsers: ["powerbi"] },
    );

    expect(steps.at(-1)).toEqual({ name: "disablePassword:powerbi", sql: 'ALTER USER "powerbi" PASSWORD DISABLE' });
    expect(steps.filter((s) => s.sql.startsWith("REVOKE") || s.sql.includes(" REVOKE "))).toEqual([]);
  });
});

describe("warehouseSetupPlan with the real catalog and views", () => {
  it("plans every bi view of views.ts and reads each one's columns", () => {
    const steps = warehouseSetupPlan(EMPTY_WAREHOUSE, { names: DEFAULT_WAREHOUSE_NAMES, users: DESIRED.users });

    expect(names(steps).filter((n) => /View:/.test(n))).toEqual([
      "createView:bi.recent_events",
      "createView:bi.errors_by_service_day",
      "createView:bi.onboarding_funnel",
      "createView:bi.lambda_performance",
      "createMaterializedView:bi.events_by_hour",
      "createMaterializedView:bi.api_requests",
      "createMaterializedView:bi.events_by_day",
    ]);
  });
});
