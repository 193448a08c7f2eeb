/**
 * The warehouse setup custom resource's onEvent handler over mocked AWS clients: its cold-start config, Create
 * and Update (secrets read, live state read, steps run one by one), Delete (nothing touched), and the logs it
 * prints (captured: no password in any line). Event shapes: CloudFormation custom resource requests as the CDK
 * Provider framework passes them to onEvent (RequestType, ResourceProperties, PhysicalResourceId on Update/Delete).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { ExecuteStatementCommand, RedshiftDataClient } from "@aws-sdk/client-redshift-data";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { CloudFormationCustomResourceEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildWarehouseSetupHandler } from "../../handlers/warehouse-setup/build.js";
import { loadWarehouseSetupConfig } from "../../handlers/warehouse-setup/config.js";
import { LOG_EVENTS_COLUMNS } from "../../schemas/catalog.js";
import { fakeDataApi } from "../support/fake-data-api.js";
import { fakeWarehouse } from "../support/fake-warehouse.js";
import { captureOutput } from "../support/output.js";

const dataMock = mockClient(RedshiftDataClient);
const secretsMock = mockClient(SecretsManagerClient);
const ARN = (name: string) => `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${name}-AbCdEf`;
const SERVERLESS_ENV = {
  WAREHOUSE_DATABASE: "loglake",
  WAREHOUSE_WORKGROUP: "loglake-dev-warehouse",
  ADMIN_SECRET_ARN: ARN("loglake-dev-admin"),
  READER_SECRET_ARN: ARN("loglake-dev-reader"),
  LOADER_DB_USER: "IAMR:loglake-dev-loader",
};
const PROVISIONED_ENV = {
  WAREHOUSE_DATABASE: "loglake",
  WAREHOUSE_CLUSTER_ID: "loglake-prod-warehouse",
  ADMIN_SECRET_ARN: ARN("loglake-prod-admin"),
  READER_SECRET_ARN: ARN("loglake-prod-reader"),
  LOADER_SECRET_ARN: ARN("loglake-prod-loader"),
};
const READER_PASSWORD = "Rd9xSecretReader";
const LOADER_PASSWORD = "Ld7xSecretLoader";
/** What the setup sends instead: `md5` + md5sum of password + user name (coreutils, not the code under test). */
const READER_VERIFIER = "md521a3963613db56da936738693c268150";
const LOADER_VERIFIER = "md548c178231a78f51795621a5240897ce8";
const BASE = {
  ServiceToken: "arn:aws:lambda:eu-west-1:111122223333:function:loglake-dev-setup-provider",
  ResponseURL: "https://cloudformation-custom-resource-response-euwest1.example/response",
  StackId: "arn:aws:cloudformation:eu-west-1:111122223333:stack/loglake-dev-warehouse/0a1b2c3d",
  RequestId: "6f1e2d3c-0001",
  LogicalResourceId: "WarehouseSetup",
  ResourceType: "Custom::WarehouseSetup",
  ResourceProperties: { ServiceToken: "arn:aws:lambda:eu-west-1:111122223333:function:x", CatalogVersion: "31" },
};
const CREATE = { ...BASE, RequestType: "Create" } as CloudFormationCustomResourceEvent;
const UPDATE = {
  ...BASE,
  RequestType: "Update",
  PhysicalResourceId: "loglake/warehouse-setup",
  OldResourceProperties: { ServiceToken: BASE.ServiceToken, CatalogVersion: "30" },
} as CloudFormationCustomResourceEvent;
const DELETE = {
  ...BASE,
  RequestType: "Delete",
  PhysicalResourceId: "loglake/warehouse-setup",
} as CloudFormationCustomResourceEvent;
let output: ReturnType<typeof captureOutput>;
/** SVV_COLUMNS rows of a log_events in step with the catalog (SVV_COLUMNS' own type names). */
const SVV_TYPES = {
  timestamp: "timestamp without time zone",
  double: "double precision",
  int: "integer",
  bigint: "bigint",
};
const LIVE_LOG_EVENTS = LOG_EVENTS_COLUMNS.map((c) =>
  c.type === "string" ? [c.name, "character varying", c.maxBytes ?? 256] : [c.name, SVV_TYPES[c.type], null],
);

/** An Update that renamed the BI reader from powerbi to bi_reader (the loader kept its name). */
const RENAMED_READER = {
  ...UPDATE,
  ResourceProperties: { ...BASE.ResourceProperties, ReaderUser: "bi_reader", LoaderUser: "IAMR:loglake-dev-loader" },
  OldResourceProperties: { ...BASE.ResourceProperties, ReaderUser: "powerbi", LoaderUser: "IAMR:loglake-dev-loader" },
} as CloudFormationCustomResourceEvent;

function handler(env: Record<string, string>) {
  return buildWarehouseSetupHandler({
    data: new RedshiftDataClient({ region: "eu-west-1" }),
    secrets: new SecretsManagerClient({ region: "eu-west-1" }),
    config: loadWarehouseSetupConfig(env),
    log: new Logger({ serviceName: "warehouse-setup" }),
    poll: { sleep: async () => {} },
  });
}

beforeEach(() => {
  dataMock.reset();
  secretsMock.reset();
  secretsMock
    .on(GetSecretValueCommand, { SecretId: ARN("loglake-dev-reader") })
    .resolves({ SecretString: JSON.stringify({ username: "bi_reader", password: READER_PASSWORD }) })
    .on(GetSecretValueCommand, { SecretId: ARN("loglake-prod-reader") })
    .resolves({ SecretString: JSON.stringify({ username: "bi_reader", password: READER_PASSWORD }) })
    .on(GetSecretValueCommand, { SecretId: ARN("loglake-prod-loader") })
    .resolves({ SecretString: JSON.stringify({ username: "loglake_loader", password: LOADER_PASSWORD }) });
  output = captureOutput();
});
afterEach(() => output.restore());

describe("loadWarehouseSetupConfig", () => {
  it("reads a Serverless target: the admin secret signs the Data API in, the loader is its IAMR user", () => {
    expect(loadWarehouseSetupConfig(SERVERLESS_ENV)).toEqual({
      connection: {
        kind: "serverless",
        database: "loglake",
        workgroupName: "loglake-dev-warehouse",
        secretArn: ARN("loglake-dev-admin"),
      },
      readerSecretArn: ARN("loglake-dev-reader"),
      loader: { kind: "iam", user: "IAMR:loglake-dev-loader" },
      physicalResourceId: "loglake/warehouse-setup",
    });
  });

  it("reads a provisioned target with the loader's secret", () => {
    expect(loadWarehouseSetupConfig(PROVISIONED_ENV)).toMatchObject({
      connection: {
        kind: "provisioned",
        clusterIdentifier: "loglake-prod-warehouse",
        secretArn: ARN("loglake-prod-admin"),
      },
      loader: { kind: "secret", secretArn: ARN("loglake-prod-loader") },
    });
  });

  it.each([
    [{ ...SERVERLESS_ENV, ADMIN_SECRET_ARN: undefined }, "Warehouse setup configuration: ADMIN_SECRET_ARN: required"],
    [
      { ...SERVERLESS_ENV, READER_SECRET_ARN: "bi_reader" },
      "Warehouse setup configuration: READER_SECRET_ARN: must be a Secrets Manager secret ARN",
    ],
    [
      { ...SERVERLESS_ENV, LOADER_DB_USER: undefined },
      "Warehouse setup configuration: LOADER_DB_USER: required with WAREHOUSE_WORKGROUP",
    ],
    [
      { ...PROVISIONED_ENV, LOADER_SECRET_ARN: undefined },
      "Warehouse setup configuration: LOADER_SECRET_ARN: required with WAREHOUSE_CLUSTER_ID",
    ],
    [
      { ...SERVERLESS_ENV, WAREHOUSE_WORKGROUP: undefined },
      "Warehouse setup configuration: set WAREHOUSE_WORKGROUP (Serverless) or WAREHOUSE_CLUSTER_ID (provisioned)",
    ],
    [
      { ...SERVERLESS_ENV, WAREHOUSE_CLUSTER_ID: "c" },
      "Warehouse setup configuration: set WAREHOUSE_WORKGROUP or WAREHOUSE_CLUSTER_ID, not both",
    ],
    [
      { ...SERVERLESS_ENV, LOADER_DB_USER: "loader" },
      "Warehouse setup configuration: LOADER_DB_USER: must be the loader role's database user, IAMR:<role name>",
    ],
  ])("refuses a bad environment with one error naming the variable (%#)", (env, message) => {
    expect(() => loadWarehouseSetupConfig(env)).toThrow(message);
  });
});

describe("warehouse setup onEvent", () => {
  it("sets up an empty Serverless warehouse on Create and returns the stable id and the step count", async () => {
    const { executed } = fakeDataApi(dataMock);

    const response = await handler(SERVERLESS_ENV)(CREATE);

    const steps = executed.slice(6);
    expect(response).toEqual({
      PhysicalResourceId: "loglake/warehouse-setup",
      Data: { StepsRun: String(steps.length) },
    });
    expect(executed.slice(0, 6)).toEqual([
      `SELECT "table_name" FROM svv_tables WHERE "table_schema" = 'logs' AND "table_name" IN ('log_events', 'load_ledger', 'setup_objects')`,
      `SELECT "usename" FROM pg_user WHERE LOWER("usename") IN ('bi_reader', 'iamr:loglake-dev-loader')`,
      `SELECT "nspname" FROM pg_namespace WHERE "nspname" IN ('logs', 'bi')`,
      `SELECT "column_name", "data_type", "character_maximum_length" FROM svv_columns WHERE "table_schema" = 'logs' AND "table_name" = 'log_events' ORDER BY "ordinal_position"`,
      `SELECT "table_name", "column_name" FROM svv_columns WHERE "table_schema" = 'bi' ORDER BY "table_name", "ordinal_position"`,
      `SELECT TRIM("name") FROM svv_mv_info WHERE TRIM("database_name") = 'loglake' AND TRIM("schema_name") = 'bi'`,
    ]);
    expect(steps.slice(0, 4)).toEqual([
      `CREATE USER "bi_reader" PASSWORD '${READER_VERIFIER}'`,
      'CREATE USER "IAMR:loglake-dev-loader" PASSWORD DISABLE',
      'CREATE SCHEMA IF NOT EXISTS "logs"',
      'CREATE SCHEMA IF NOT EXISTS "bi"',
    ]);
    expect(steps.at(-1)).toBe('GRANT UPDATE ON TABLE "logs"."load_ledger" TO "IAMR:loglake-dev-loader"');
    const inputs = dataMock.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input);
    expect(new Set(inputs.map((i) => JSON.stringify([i.Database, i.WorkgroupName, i.SecretArn])))).toEqual(
      new Set([JSON.stringify(["loglake", "loglake-dev-warehouse", ARN("loglake-dev-admin")])]),
    );
    expect(output.lines().filter((l) => JSON.stringify(l).includes(READER_PASSWORD))).toEqual([]);
    // The first step (createUser:bi_reader) carries the token of RequestId 6f1e2d3c-0001, step 0, attempt 1.
    const submitted = inputs.filter((i) => !i.Sql?.startsWith("SELECT "));
    expect(submitted[0]?.ClientToken).toBe("setup-0-1-1d8307b3a2503e9723db3a923849f391");
    expect(new Set(submitted.map((i) => i.ClientToken)).size).toBe(steps.length);
  });

  it("keeps a provisioned warehouse in step on Update: passwords from the secrets, nothing re-created", async () => {
    const { executed } = fakeDataApi(dataMock, {
      rows: (sql) => {
        if (sql.includes("FROM svv_tables")) return [["log_events"], ["load_ledger"]];
        if (sql.includes("FROM pg_user")) return [["bi_reader"], ["loglake_loader"]];
        if (sql.includes("FROM pg_namespace")) return [["logs"], ["bi"]];
        if (sql.includes(`"table_name" = 'log_events'`)) return LIVE_LOG_EVENTS;
        return [];
      },
    });

    const response = await handler(PROVISIONED_ENV)(UPDATE);

    expect(response.PhysicalResourceId).toBe("loglake/warehouse-setup");
    expect(executed.filter((s) => s.includes("PASSWORD"))).toEqual([
      `ALTER USER "bi_reader" PASSWORD '${READER_VERIFIER}'`,
      `ALTER USER "loglake_loader" PASSWORD '${LOADER_VERIFIER}'`,
    ]);
    expect(executed.filter((s) => s.startsWith("CREATE TABLE"))).toEqual([
      expect.stringMatching(/^CREATE TABLE IF NOT EXISTS "logs"\."setup_objects"/),
    ]);
    expect(dataMock.commandCalls(ExecuteStatementCommand)[0]?.args[0].input).toMatchObject({
      ClusterIdentifier: "loglake-prod-warehouse",
      SecretArn: ARN("loglake-prod-admin"),
    });
    expect(executed.filter((s) => s.includes(READER_PASSWORD) || s.includes(LOADER_PASSWORD))).toEqual([]);
    const printed = JSON.stringify(output.lines());
    expect(printed).not.toContain(READER_PASSWORD);
    expect(printed).not.toContain(READER_VERIFIER);
    expect(printed).not.toContain(LOADER_PASSWORD);
    expect(printed).toContain('"step":"alterUserPassword:loglake_loader"');
  });

  it("drops and creates nothing on an Update after a Create (idempotent): passwords, plain views, grants", async () => {
    const warehouse = fakeWarehouse();
    const { executed } = fakeDataApi(dataMock, warehouse);
    const setup = handler(SERVERLESS_ENV);
    await setup(CREATE);
    const firstRun = executed.length;

    const response = await setup(UPDATE);

    const secondRun = executed.slice(firstRun).filter((sql) => !sql.startsWith("SELECT "));
    expect(response).toEqual({ PhysicalResourceId: "loglake/warehouse-setup", Data: { StepsRun: "12" } });
    expect(secondRun.map((sql) => sql.replace(/ AS SELECT .*$/s, " AS SELECT …"))).toEqual([
      `ALTER USER "bi_reader" PASSWORD '${READER_VERIFIER}'`,
      'CREATE OR REPLACE VIEW "bi"."recent_events" AS SELECT …',
      'CREATE OR REPLACE VIEW "bi"."errors_by_service_day" AS SELECT …',
      'CREATE OR REPLACE VIEW "bi"."onboarding_funnel" AS SELECT …',
      'CREATE OR REPLACE VIEW "bi"."lambda_performance" AS SELECT …',
      'GRANT USAGE ON SCHEMA "bi" TO "bi_reader"',
      'GRANT USAGE ON SCHEMA "logs" TO "bi_reader"',
      'GRANT SELECT ON ALL TABLES IN SCHEMA "bi" TO "bi_reader"',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA "bi" GRANT SELECT ON TABLES TO "bi_reader"',
      'GRANT USAGE ON SCHEMA "logs" TO "IAMR:loglake-dev-loader"',
      'GRANT SELECT, INSERT ON TABLE "logs"."log_events", "logs"."load_ledger" TO "IAMR:loglake-dev-loader"',
      'GRANT UPDATE ON TABLE "logs"."load_ledger" TO "IAMR:loglake-dev-loader"',
    ]);
    expect(executed.slice(0, firstRun).filter((sql) => sql.startsWith("CREATE MATERIALIZED VIEW"))).toHaveLength(3);
  });

  it("runs no ALTER on a rollback to a catalog without the live table's last column, and warns naming it", async () => {
    const { executed } = fakeDataApi(dataMock, {
      rows: (sql) => {
        if (sql.includes("FROM svv_tables")) return [["log_events"], ["load_ledger"], ["setup_objects"]];
        if (sql.includes("FROM pg_user")) return [["bi_reader"], ["iamr:loglake-dev-loader"]];
        if (sql.includes("FROM pg_namespace")) return [["logs"], ["bi"]];
        if (sql.includes(`"table_name" = 'log_events'`))
          return [...LIVE_LOG_EVENTS, ["tenant_id", "character varying", 64]];
        return [];
      },
    });

    await handler(SERVERLESS_ENV)(UPDATE);

    expect(executed.filter((sql) => sql.startsWith("ALTER TABLE") || sql.includes("DROP "))).toEqual([]);
    expect(executed.at(-1)).toBe('GRANT UPDATE ON TABLE "logs"."load_ledger" TO "IAMR:loglake-dev-loader"');
    expect(output.lines()).toContainEqual(
      expect.objectContaining({
        level: "WARN",
        message: "warehouse setup: log_events has columns the catalog does not; left in place",
        requestType: "Update",
        columns: ["tenant_id"],
      }),
    );
  });

  it("retires the reader user an Update renamed away from: revoked, password disabled, not dropped", async () => {
    const { executed } = fakeDataApi(dataMock, {
      rows: (sql) => {
        if (sql.includes("FROM svv_tables")) return [["log_events"], ["load_ledger"], ["setup_objects"]];
        if (sql.includes("FROM pg_user")) return [["bi_reader"], ["iamr:loglake-dev-loader"], ["powerbi"]];
        if (sql.includes("FROM pg_namespace")) return [["logs"], ["bi"]];
        if (sql.includes(`"table_name" = 'log_events'`)) return LIVE_LOG_EVENTS;
        return [];
      },
    });

    await handler(SERVERLESS_ENV)(RENAMED_READER);

    expect(executed).toContain(
      `SELECT "usename" FROM pg_user WHERE LOWER("usename") IN ('bi_reader', 'iamr:loglake-dev-loader', 'powerbi')`,
    );
    expect(executed.filter((sql) => sql.includes('"powerbi"'))).toEqual([
      'REVOKE ALL ON ALL TABLES IN SCHEMA "bi" FROM "powerbi"',
      'REVOKE ALL ON ALL TABLES IN SCHEMA "logs" FROM "powerbi"',
      'REVOKE USAGE ON SCHEMA "bi" FROM "powerbi"',
      'REVOKE USAGE ON SCHEMA "logs" FROM "powerbi"',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA "bi" REVOKE SELECT ON TABLES FROM "powerbi"',
      'ALTER USER "powerbi" PASSWORD DISABLE',
    ]);
  });

  it("retires no one on an Update that keeps the user names, nor when the old user is gone", async () => {
    const { executed } = fakeDataApi(dataMock, {
      rows: (sql) => (sql.includes("FROM pg_user") ? [["bi_reader"]] : []),
    });

    await handler(SERVERLESS_ENV)(UPDATE);
    await handler(SERVERLESS_ENV)(RENAMED_READER);

    expect(executed.filter((sql) => sql.startsWith("REVOKE") || sql.endsWith("PASSWORD DISABLE"))).toEqual([
      'CREATE USER "IAMR:loglake-dev-loader" PASSWORD DISABLE',
      'CREATE USER "IAMR:loglake-dev-loader" PASSWORD DISABLE',
    ]);
  });

  it("touches nothing on Delete and answers with the same id", async () => {
    const { executed } = fakeDataApi(dataMock);

    const response = await handler(SERVERLESS_ENV)(DELETE);

    expect(response).toEqual({ PhysicalResourceId: "loglake/warehouse-setup" });
    expect(executed).toEqual([]);
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toEqual([]);
  });

  it("fails on a secret that is not username/password JSON, naming the variable and not the secret", async () => {
    fakeDataApi(dataMock);
    secretsMock
      .on(GetSecretValueCommand, { SecretId: ARN("loglake-dev-reader") })
      .resolves({ SecretString: `pw=${READER_PASSWORD}` });

    const run = handler(SERVERLESS_ENV)(CREATE);

    await expect(run).rejects.toThrow("READER_SECRET_ARN: the secret is not JSON with a username and a password");
    await expect(run).rejects.not.toThrow(READER_PASSWORD);
  });
});
