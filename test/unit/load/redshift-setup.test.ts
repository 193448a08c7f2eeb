/**
 * The warehouse setup over the Data API (aws-sdk-client-mock): the live-state reads, each step run as its own
 * ExecuteStatement and waited for (DescribeStatement until FINISHED) before the next, a FAILED step named with
 * its error, conflicts retried, and passwords kept out of every log line and error message.
 */
import { DescribeStatementCommand, ExecuteStatementCommand, RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import type { WarehouseConnection } from "../../../core/io/redshift-data.js";
import {
  applySetup,
  readLiveWarehouse,
  redact,
  SetupStepError,
  setupClientToken,
} from "../../../core/io/redshift-setup.js";
import { DEFAULT_WAREHOUSE_NAMES } from "../../../core/load/names.js";
import { fakeDataApi } from "../../support/fake-data-api.js";

const dataMock = mockClient(RedshiftDataClient);
const client = new RedshiftDataClient({ region: "eu-west-1" });
const ADMIN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:loglake-dev-admin-AbCdEf";
const CONNECTION: WarehouseConnection = {
  kind: "serverless",
  database: "loglake",
  workgroupName: "loglake-dev-warehouse",
  secretArn: ADMIN,
};
const PASSWORD = "Rd9x'Secret";
const STEPS = [
  { name: "createUser:bi_reader", sql: `CREATE USER "bi_reader" PASSWORD 'Rd9x''Secret'`, sensitive: true },
  { name: "createSchema:logs", sql: 'CREATE SCHEMA IF NOT EXISTS "logs"' },
  { name: "grantSchemaUsage:bi_reader", sql: 'GRANT USAGE ON SCHEMA "bi" TO "bi_reader"' },
];

/** A log that keeps every line as its JSON text, as Powertools would print it. */
function recordingLog() {
  const lines: string[] = [];
  const push = (level: string) => (message: string, extra: Record<string, unknown>) =>
    void lines.push(JSON.stringify({ level, message, ...extra }));
  return { lines, log: { info: push("INFO"), warn: push("WARN"), error: push("ERROR") } };
}
const instant = { sleep: async () => {} };

beforeEach(() => dataMock.reset());

describe("applySetup", () => {
  it("runs each step as its own statement and waits for it to finish before the next", async () => {
    const { executed, polls } = fakeDataApi(dataMock);
    const { lines, log } = recordingLog();

    const result = await applySetup(client, CONNECTION, STEPS, {
      poll: instant,
      log,
      secrets: [PASSWORD],
      now: () => 0,
    });

    expect(result).toEqual({ stepsRun: 3 });
    expect(executed).toEqual(STEPS.map((s) => s.sql));
    // STARTED, then FINISHED: two polls per statement, and statement n+1 submitted only after statement n finished.
    expect([...polls]).toEqual([
      ["s-0", 2],
      ["s-1", 2],
      ["s-2", 2],
    ]);
    const order = dataMock.calls().map((c) => {
      const input = c.args[0].input as { Id?: string };
      return c.args[0] instanceof ExecuteStatementCommand ? "execute" : `describe ${input.Id}`;
    });
    expect(order).toEqual([
      "execute",
      "describe s-0",
      "describe s-0",
      "execute",
      "describe s-1",
      "describe s-1",
      "execute",
      "describe s-2",
      "describe s-2",
    ]);
    expect(dataMock.commandCalls(ExecuteStatementCommand)[1]?.args[0].input).toEqual({
      Database: "loglake",
      WorkgroupName: "loglake-dev-warehouse",
      SecretArn: ADMIN,
      Sql: 'CREATE SCHEMA IF NOT EXISTS "logs"',
      StatementName: "loglake-setup-createSchema:logs",
    });
    expect(lines).toEqual([
      '{"level":"INFO","message":"warehouse setup step","step":"createUser:bi_reader","durationMs":0}',
      '{"level":"INFO","message":"warehouse setup step","step":"createSchema:logs","durationMs":0}',
      '{"level":"INFO","message":"warehouse setup step","step":"grantSchemaUsage:bi_reader","durationMs":0}',
    ]);
  });

  it("stops at a FAILED step and names it with Redshift's error, running nothing after it", async () => {
    const { executed } = fakeDataApi(dataMock, {
      fail: (sql) => (sql.startsWith("CREATE SCHEMA") ? "ERROR: permission denied for database loglake" : undefined),
    });
    const { lines, log } = recordingLog();

    const run = applySetup(client, CONNECTION, STEPS, { poll: instant, log, secrets: [PASSWORD], now: () => 0 });

    await expect(run).rejects.toThrow(
      new SetupStepError(
        "warehouse setup step createSchema:logs failed: FAILED: statement s-1 FAILED: ERROR: permission denied for database loglake",
        "createSchema:logs",
      ),
    );
    expect(executed).toHaveLength(2);
    expect(lines.at(-1)).toBe(
      '{"level":"ERROR","message":"warehouse setup step failed","step":"createSchema:logs","durationMs":0,"error":"warehouse setup step createSchema:logs failed: FAILED: statement s-1 FAILED: ERROR: permission denied for database loglake"}',
    );
  });

  it("reports a failed sensitive step by its name only, never with the error text that may quote the password", async () => {
    fakeDataApi(dataMock, {
      fail: (sql) => (sql.startsWith("CREATE USER") ? `ERROR: syntax error at or near "'Rd9x''Secret'"` : undefined),
    });
    const { lines, log } = recordingLog();

    const error = await applySetup(client, CONNECTION, STEPS, { poll: instant, log, secrets: [PASSWORD] }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );

    expect(error).toBeInstanceOf(SetupStepError);
    expect(error?.message).toBe(
      "warehouse setup step createUser:bi_reader failed: FAILED (details withheld: the statement sets a password)",
    );
    expect(lines.join("\n")).not.toContain("Rd9x");
  });

  it("scrubs a password from the error text of a step that is not marked sensitive", async () => {
    fakeDataApi(dataMock, { fail: () => `ERROR: role "x" with password Rd9x'Secret does not exist` });

    const run = applySetup(client, CONNECTION, [STEPS[2] as (typeof STEPS)[number]], {
      poll: instant,
      secrets: [PASSWORD],
    });

    await expect(run).rejects.toThrow(
      'warehouse setup step grantSchemaUsage:bi_reader failed: FAILED: statement s-0 FAILED: ERROR: role "x" with password <redacted> does not exist',
    );
  });

  it("sends each step with a ClientToken from the RequestId, the step's index and name: stable per step, distinct across steps", async () => {
    fakeDataApi(dataMock);
    const tokens = () => dataMock.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input.ClientToken);

    await applySetup(client, CONNECTION, STEPS, { poll: instant, requestId: "6f1e2d3c-0001" });
    const first = tokens();
    dataMock.resetHistory();
    await applySetup(client, CONNECTION, STEPS, { poll: instant, requestId: "6f1e2d3c-0001" });
    const again = tokens();
    dataMock.resetHistory();
    await applySetup(client, CONNECTION, STEPS, { poll: instant, requestId: "6f1e2d3c-0002" });
    const otherRequest = tokens();

    // The hex: the first 32 characters of sha256sum of "<RequestId>/<index>/<step name>" (coreutils).
    expect(first).toEqual([
      "setup-0-1-1d8307b3a2503e9723db3a923849f391",
      "setup-1-1-63c39f4ca0d9ecf29805f6f1af019537",
      "setup-2-1-33bbec767c459f7238e8e842e5d7ff3d",
    ]);
    expect(again).toEqual(first);
    expect(otherRequest[1]).toBe("setup-1-1-da70f8c4bfc830405887e6f5989adbcc");
  });

  it("sends a new ClientToken for each run of a step after a conflict, and none for the catalog reads", async () => {
    const conflict = "ERROR: 1023 DETAIL: Serializable isolation violation on table - 150364";
    fakeDataApi(dataMock, { fail: (sql, run) => (sql.startsWith("GRANT") && run < 2 ? conflict : undefined) });

    await applySetup(client, CONNECTION, [STEPS[2] as (typeof STEPS)[number]], {
      poll: instant,
      requestId: "6f1e2d3c-0001",
    });
    const retried = dataMock.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input.ClientToken);
    dataMock.resetHistory();
    await readLiveWarehouse(
      client,
      CONNECTION,
      { names: DEFAULT_WAREHOUSE_NAMES, userNames: ["bi_reader"] },
      {
        poll: instant,
        requestId: "6f1e2d3c-0001",
      },
    );
    const reads = dataMock.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input);

    expect(retried).toEqual([
      "setup-0-1-2089c64b01461a6a259a4cc94ba0319d",
      "setup-0-2-2089c64b01461a6a259a4cc94ba0319d",
    ]);
    expect(reads.length).toBe(6);
    expect(reads.filter((input) => "ClientToken" in input)).toEqual([]);
  });

  it("keeps a ClientToken within ExecuteStatement's 64 characters for a long IAMR step name", () => {
    const token = setupClientToken(
      "0f8c2b1e-4a5d-4c3b-9e7f-1a2b3c4d5e6f",
      9999,
      `grantLoad:IAMR:${"r".repeat(64)}`,
      99,
    );

    expect(token).toMatch(/^setup-9999-99-[0-9a-f]{32}$/);
    expect(token.length).toBe(46);
  });

  it("runs a step again after a serialization conflict, waiting longer each time", async () => {
    const conflict = "ERROR: 1023 DETAIL: Serializable isolation violation on table - 150364";
    const { executed } = fakeDataApi(dataMock, {
      fail: (sql, run) => (sql.startsWith("GRANT") && run < 3 ? conflict : undefined),
    });
    const waits: number[] = [];

    await applySetup(client, CONNECTION, [STEPS[2] as (typeof STEPS)[number]], {
      poll: { sleep: async (ms) => void waits.push(ms), initialDelayMs: 1 },
      conflictDelayMs: 1000,
    });

    expect(executed).toEqual([
      'GRANT USAGE ON SCHEMA "bi" TO "bi_reader"',
      'GRANT USAGE ON SCHEMA "bi" TO "bi_reader"',
      'GRANT USAGE ON SCHEMA "bi" TO "bi_reader"',
    ]);
    expect(waits.filter((ms) => ms >= 1000)).toEqual([1000, 2000]);
  });

  it("gives up on a conflict that keeps coming back, naming the step", async () => {
    fakeDataApi(dataMock, { fail: () => "ERROR: could not obtain lock on relation load_ledger" });

    const run = applySetup(client, CONNECTION, [STEPS[1] as (typeof STEPS)[number]], {
      poll: instant,
      conflictAttempts: 2,
    });

    await expect(run).rejects.toThrow(
      /^warehouse setup step createSchema:logs failed: FAILED: .*could not obtain lock/,
    );
    expect(dataMock.commandCalls(ExecuteStatementCommand)).toHaveLength(2);
  });
});

describe("readLiveWarehouse", () => {
  it("reads users, schemas, tables, columns, materialized views and recorded definitions into the live state", async () => {
    fakeDataApi(dataMock, {
      rows: (sql) => {
        if (sql.includes("FROM svv_tables")) return [["log_events"], ["load_ledger"], ["setup_objects"]];
        if (sql.includes("FROM pg_user")) return [["bi_reader"]];
        if (sql.includes("FROM pg_namespace")) return [["logs"], ["bi"]];
        if (sql.includes(`"table_name" = 'log_events'`))
          return [
            ["event_id", "character varying", 64],
            ["event_time", "timestamp without time zone", null],
          ];
        if (sql.includes(`"table_schema" = 'bi'`))
          return [
            ["events_by_day", "event_date"],
            ["events_by_day", "events"],
            ["recent_events", "event_time"],
          ];
        if (sql.includes("FROM svv_mv_info")) return [["events_by_day"]];
        if (sql.includes('FROM "logs"."setup_objects"')) return [["bi.events_by_day", "ab12"]];
        return [];
      },
    });

    const live = await readLiveWarehouse(
      client,
      CONNECTION,
      { names: DEFAULT_WAREHOUSE_NAMES, userNames: ["bi_reader", "IAMR:loglake-dev-loader"] },
      { poll: instant },
    );

    expect(live).toEqual({
      users: ["bi_reader"],
      schemas: ["logs", "bi"],
      tables: ["log_events", "load_ledger", "setup_objects"],
      logEventsColumns: [
        { name: "event_id", type: "VARCHAR(64)" },
        { name: "event_time", type: "TIMESTAMP" },
      ],
      biObjects: [
        { name: "events_by_day", columns: ["event_date", "events"], materialized: true },
        { name: "recent_events", columns: ["event_time"], materialized: false },
      ],
      definitions: { "bi.events_by_day": "ab12" },
    });
    expect(dataMock.commandCalls(ExecuteStatementCommand).at(-1)?.args[0].input.Sql).toBe(
      'SELECT "object_name", "definition_sha256" FROM "logs"."setup_objects"',
    );
  });

  it("does not read setup_objects before the setup created it", async () => {
    const { executed } = fakeDataApi(dataMock);

    const live = await readLiveWarehouse(
      client,
      CONNECTION,
      { names: DEFAULT_WAREHOUSE_NAMES, userNames: ["bi_reader"] },
      {
        poll: instant,
      },
    );

    expect(live.definitions).toEqual({});
    expect(executed.filter((s) => s.includes('setup_objects"'))).toEqual([]);
    expect(dataMock.commandCalls(DescribeStatementCommand).length).toBeGreaterThan(0);
  });
});

describe("redact", () => {
  it("replaces the password and its SQL-quoted forms", () => {
    expect(redact(`a Rd9x'Secret b 'Rd9x''Secret' c`, [PASSWORD])).toBe("a <redacted> b '<redacted>' c");
    expect(redact("nothing here", [PASSWORD, ""])).toBe("nothing here");
  });
});
