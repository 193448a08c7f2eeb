import { describe, expect, it } from "vitest";
import {
  ConfigError,
  configFromContext,
  deepMerge,
  loadConfig,
  parseStage,
  STAGE_DEFAULTS,
  STAGES,
} from "../../infra/config/index.js";
import { lakeNames } from "../../infra/config/names.js";

describe("stage configuration", () => {
  it.each(STAGES)("validates the %s defaults", (stage) => {
    const config = loadConfig(stage);

    expect(config.stage).toBe(stage);
    expect(config.network.subnetMask).toBe(26);
    expect(config.network.maxAzs).toBeGreaterThanOrEqual(2);
  });

  it("sizes prod larger than the other stages", () => {
    const prod = loadConfig("prod");
    const dev = loadConfig("dev");

    expect(prod.warehouse.compute).toMatchObject({ kind: "provisioned", numberOfNodes: 3 });
    expect(dev.warehouse.compute).toMatchObject({ kind: "provisioned", numberOfNodes: 2 });
    expect(prod.cloudTrail.enabled).toBe(true);
    expect(dev.cloudTrail.enabled).toBe(false);
    expect(prod.removalPolicy).toBe("retain");
  });

  it("fails naming the field when a value is out of range", () => {
    expect(() => loadConfig("dev", { firehose: { bufferSizeMiB: 5 } })).toThrow(/firehose\.bufferSizeMiB/);
  });

  it("fails naming the field for an unknown key", () => {
    expect(() => loadConfig("dev", { network: { cidrr: "10.0.0.0/24" } })).toThrow(/network/);
  });

  it("fails on a bad e-mail, naming its index", () => {
    expect(() => loadConfig("test", { alarmEmails: ["not-an-email"] })).toThrow(/alarmEmails\.0/);
  });

  it("rejects the default Redshift port and admin user name", () => {
    expect(() => loadConfig("dev", { warehouse: { port: 5439 } })).toThrow(/warehouse\.port/);
    expect(() => loadConfig("dev", { warehouse: { adminUsername: "awsuser" } })).toThrow(/warehouse\.adminUsername/);
  });

  it("requires three AZs for Redshift Serverless", () => {
    const serverless = { warehouse: { compute: { kind: "serverless", baseRpu: 8 } } };

    expect(() => loadConfig("dev", serverless)).toThrow(/network\.maxAzs/);
    expect(loadConfig("dev", { ...serverless, network: { maxAzs: 3 } }).warehouse.compute).toEqual({
      kind: "serverless",
      baseRpu: 8,
    });
  });

  it("batches the loader's announcements: 10,000 per 60 s, 2 at once, 5 min timeout, DLQ after 3", () => {
    for (const stage of STAGES) {
      expect(loadConfig(stage).loader).toEqual({
        batchSize: 10_000,
        maxBatchingWindowSeconds: 60,
        maxConcurrency: 2,
        timeoutSeconds: 300,
        memoryMiB: 512,
        maxReceiveCount: 3,
      });
    }
  });

  it("schedules the nightly maintenance with EventBridge cron expressions", () => {
    expect(loadConfig("prod").maintenance).toEqual({
      vacuumSchedule: "cron(0 2 * * ? *)",
      analyzeSchedule: "cron(0 4 * * ? *)",
    });
    expect(() => loadConfig("dev", { maintenance: { vacuumSchedule: "0 2 * * *" } })).toThrow(
      "maintenance.vacuumSchedule: must be an EventBridge cron(…) expression (UTC)",
    );
  });

  it("checks the loader's limits and the endpoints it needs", () => {
    expect(() => loadConfig("dev", { loader: { batchSize: 10_001 } })).toThrow(/loader\.batchSize/);
    expect(() => loadConfig("dev", { loader: { maxConcurrency: 1 } })).toThrow(/loader\.maxConcurrency/);
    expect(() => loadConfig("dev", { loader: { maxBatchingWindowSeconds: 0 } })).toThrow(
      "loader.maxBatchingWindowSeconds: must be at least 1 when batchSize is over 10 (Lambda's SQS rule)",
    );
    expect(() => loadConfig("dev", { network: { interfaceEndpoints: ["redshift-data", "sqs"] } })).toThrow(
      "network.interfaceEndpoints: must include secretsmanager (the loader and the warehouse setup call it from isolated subnets)",
    );
    expect(() => loadConfig("dev", { network: { interfaceEndpoints: ["secretsmanager"] } })).toThrow(
      "network.interfaceEndpoints: must include redshift-data (the loader and the warehouse setup call it from isolated subnets)",
    );
  });

  it("requires Secrets Manager for a Serverless warehouse too: the setup reads the reader secret", () => {
    const serverless = { compute: { kind: "serverless", baseRpu: 8 } };

    expect(() =>
      loadConfig("test", { warehouse: serverless, network: { maxAzs: 3, interfaceEndpoints: ["redshift-data"] } }),
    ).toThrow(
      "network.interfaceEndpoints: must include secretsmanager (the loader and the warehouse setup call it from isolated subnets)",
    );
  });

  it("names the provisioned loader's database user loglake_loader unless configured, distinct from the others", () => {
    expect(loadConfig("dev", {}).warehouse.loaderUsername).toBe("loglake_loader");
    expect(loadConfig("dev", { warehouse: { loaderUsername: "etl_loader" } }).warehouse.loaderUsername).toBe(
      "etl_loader",
    );
    expect(() => loadConfig("dev", { warehouse: { loaderUsername: "bi_reader" } })).toThrow(
      "warehouse.loaderUsername: adminUsername, readerUsername and loaderUsername must be three different users",
    );
  });

  it("checks that the subnets fit the VPC CIDR", () => {
    expect(() => loadConfig("dev", { network: { cidr: "10.0.0.0/26", subnetMask: 26 } })).toThrow(
      /network\.subnetMask/,
    );
  });

  it("checks the raw-zone lifecycle order", () => {
    expect(() => loadConfig("prod", { retention: { rawExpireDays: 90 } })).toThrow(/retention\.rawExpireDays/);
    expect(() => loadConfig("dev", { retention: { rawToInfrequentAccessDays: 30 } })).toThrow(
      /retention\.rawExpireDays/,
    );
    expect(() => loadConfig("prod", { retention: { rawToGlacierDays: 45 } })).toThrow(/retention\.rawToGlacierDays/);
  });

  it("keeps unmasked raw records for a replay window only: 14 days (sandbox, dev), 30 (test), 180 (prod)", () => {
    expect(STAGES.map((stage) => loadConfig(stage).retention.rawExpireDays)).toEqual([14, 14, 30, 180]);
  });

  it("accepts reader and break-glass role ARNs for the unmasked zones, and nothing else", () => {
    const rawAccess = {
      readerRoleArns: ["arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_LogLakeOps_*"],
      breakGlassRoleArn: "arn:aws:iam::111122223333:role/break-glass",
    };

    expect(loadConfig("prod", { rawAccess }).rawAccess).toEqual(rawAccess);
    expect(loadConfig("dev").rawAccess).toEqual({ readerRoleArns: [] });
    expect(() =>
      loadConfig("dev", { rawAccess: { breakGlassRoleArn: "arn:aws:iam::111122223333:user/alice" } }),
    ).toThrow(/rawAccess\.breakGlassRoleArn/);
    expect(() => loadConfig("dev", { rawAccess: { readerRoleArns: ["*"] } })).toThrow(/rawAccess\.readerRoleArns\.0/);
  });

  it("rejects a time zone that is not IANA", () => {
    expect(() => loadConfig("dev", { partitionTimeZone: "Mars/Olympus" })).toThrow(/partitionTimeZone/);
    expect(loadConfig("dev", { partitionTimeZone: "Europe/Madrid" }).partitionTimeZone).toBe("Europe/Madrid");
  });

  it("requires a secret ARN for an existing masking key", () => {
    expect(() => loadConfig("dev", { masking: { source: "existing" } })).toThrow(/masking\.secretArn/);
  });

  it("requires the complete secret ARN (with its 6-character suffix) and a full KMS key ARN", () => {
    const secretArn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:loglake/masking-AbC123";
    const keyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    expect(loadConfig("dev", { masking: { source: "existing", secretArn, keyArn } }).masking).toEqual({
      source: "existing",
      secretArn,
      keyArn,
    });
    expect(() =>
      loadConfig("dev", {
        masking: {
          source: "existing",
          secretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:loglake/masking",
        },
      }),
    ).toThrow(/masking\.secretArn: must be a complete secret ARN/);
    expect(() => loadConfig("dev", { masking: { source: "existing", secretArn, keyArn: "alias/loglake" } })).toThrow(
      /masking\.keyArn/,
    );
  });

  it("has no placeholder log groups in any stage's defaults", () => {
    expect(STAGES.map((stage) => loadConfig(stage).logGroups)).toEqual([[], [], [], []]);
  });

  it("takes one AZ per subnet, of the stage's region", () => {
    const azs = ["eu-west-1a", "eu-west-1b"];

    expect(loadConfig("dev", { network: { availabilityZones: azs } }).network.availabilityZones).toEqual(azs);
    expect(() => loadConfig("dev", { network: { availabilityZones: ["eu-west-1a"] } })).toThrow(
      /network\.availabilityZones: must name 2 different AZs/,
    );
    expect(() =>
      loadConfig("dev", {
        env: { account: "111122223333", region: "eu-central-1" },
        network: { availabilityZones: azs },
      }),
    ).toThrow(/network\.availabilityZones: must be AZs of eu-central-1/);
  });

  it("fails on an unknown stage, naming the field", () => {
    expect(() => parseStage("qa")).toThrow(ConfigError);
    expect(() => parseStage("qa")).toThrow(/stage/);
    expect(parseStage(undefined)).toBe("sandbox");
  });

  it("reads the stage and per-stage overrides from CDK context", () => {
    const context: Record<string, unknown> = {
      stage: "dev",
      loglake: JSON.stringify({ dev: { logGroups: [{ name: "/aws/lambda/kyc" }] } }),
    };

    const config = configFromContext((key) => context[key]);

    expect(config.stage).toBe("dev");
    expect(config.logGroups).toEqual([{ name: "/aws/lambda/kyc", filterPattern: "" }]);
  });
});

describe("deepMerge", () => {
  it("merges objects, replaces arrays, and replaces a union member whose kind changes", () => {
    const merged = deepMerge(STAGE_DEFAULTS.dev, {
      alarmEmails: ["ops@example.com"],
      warehouse: { compute: { kind: "serverless", baseRpu: 16 } },
    }) as typeof STAGE_DEFAULTS.dev;

    expect(merged.alarmEmails).toEqual(["ops@example.com"]);
    expect(merged.warehouse.compute).toEqual({ kind: "serverless", baseRpu: 16 });
    expect(merged.warehouse.databaseName).toBe("loglake");
  });
});

describe("lakeNames", () => {
  it("derives stage-scoped physical names", () => {
    const names = lakeNames(loadConfig("dev"));

    expect(names.deliveryStream).toBe("loglake-dev-log-events");
    expect(names.glueDatabase).toBe("loglake_dev");
    expect(names.loaderRole).toBe("loglake-dev-loader");
    expect(names.lakeBucket).toMatch(/^loglake-dev-lake-/);
  });
});
