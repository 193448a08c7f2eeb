/**
 * Per-stage defaults. Non-prod stages are small and short-lived; prod is larger, keeps data longer
 * and turns CloudTrail on. Account-specific values (log groups, e-mails, account/region) belong in
 * cdk.json context (`loglake.<stage>`), which `loadConfig` merges over these.
 */
import type { Stage, StageConfigInput } from "./schema.js";

/** The warehouse every stage shares but for its size: 2 nodes below prod, 3 in prod (the seed's sizing). */
const warehouse = (nodeType: string, numberOfNodes: number, snapshotRetentionDays: number) => ({
  compute: {
    kind: "provisioned" as const,
    nodeType,
    numberOfNodes,
    snapshotRetentionDays,
    maintenanceWindow: "sun:03:00-sun:03:30",
  },
  databaseName: "loglake",
  adminUsername: "loglake_admin",
  readerUsername: "bi_reader",
  port: 5440,
  allowedCidrs: [],
});

/**
 * The loader's batching: up to 10,000 announcements gathered for 60 s make one invocation and (nearly
 * always) one COPY; two concurrent invocations at most keep the leader's COPY load low (the seed's lesson).
 */
const loader = {
  batchSize: 10_000,
  maxBatchingWindowSeconds: 60,
  maxConcurrency: 2,
  timeoutSeconds: 300,
  memoryMiB: 512,
  maxReceiveCount: 3,
};

const nonProd = (stage: Stage, cidr: string): StageConfigInput => ({
  stage,
  prefix: "loglake",
  // No defaults: a subscription filter on a log group that does not exist fails the deploy. Each
  // account names its real log groups in cdk.json; until then synth warns and creates no filters.
  logGroups: [],
  alarmEmails: [],
  warehouse: warehouse("ra3.large", 2, stage === "test" ? 7 : 1),
  loader,
  // Quiet hours for the onboarding app (UTC), before the warehouse's Sunday maintenance window.
  maintenance: { vacuumSchedule: "cron(0 2 * * ? *)", analyzeSchedule: "cron(0 4 * * ? *)" },
  network: { cidr, subnetMask: 26, maxAzs: 2 },
  rawAccess: { readerRoleArns: [] },
  retention: {
    logDays: stage === "test" ? 30 : 14,
    // Raw holds unmasked personal data: below prod it only has to outlive a test of a transform fix.
    rawExpireDays: stage === "test" ? 30 : 14,
    errorsExpireDays: 30,
    manifestsExpireDays: 30,
    athenaResultsExpireDays: 7,
    accessLogsExpireDays: 90,
  },
  firehose: {
    bufferSizeMiB: 64,
    bufferIntervalSeconds: 60,
    processorBufferSizeMB: 0.25,
    processorBufferIntervalSeconds: 60,
  },
  partitionTimeZone: "UTC",
  masking: { source: "generated" },
  logLevel: stage === "test" ? "INFO" : "DEBUG",
  athena: { bytesScannedCutoffMiB: 1024 },
  lakeStartDate: "2024-01-01",
  cloudTrail: { enabled: false },
  removalPolicy: stage === "test" ? "retain" : "destroy",
});

const prod: StageConfigInput = {
  ...nonProd("prod", "10.43.0.0/24"),
  warehouse: warehouse("ra3.xlplus", 3, 35),
  network: { cidr: "10.43.0.0/24", subnetMask: 26, maxAzs: 3 },
  retention: {
    logDays: 365,
    // Raw holds unmasked personal data: kept for a replay window (a transform defect found within
    // half a year), not for the record; the masked curated zone is the long-term record.
    rawToInfrequentAccessDays: 30,
    rawToGlacierDays: 90,
    rawExpireDays: 180,
    errorsExpireDays: 90,
    manifestsExpireDays: 90,
    athenaResultsExpireDays: 30,
    accessLogsExpireDays: 365,
  },
  firehose: {
    bufferSizeMiB: 128,
    bufferIntervalSeconds: 300,
    processorBufferSizeMB: 0.25,
    processorBufferIntervalSeconds: 60,
  },
  logLevel: "INFO",
  athena: { bytesScannedCutoffMiB: 10_240 },
  cloudTrail: { enabled: true },
  removalPolicy: "retain",
  // Prod buffers 300 s before S3 and loads feed BI dashboards: tighter lag, the freshness its buffer allows.
  alarms: { firehoseFreshnessSeconds: 1200, loadLagSeconds: 1800, redshiftCpuPercent: 80 },
};

/** Defaults per stage, before overrides and validation. */
export const STAGE_DEFAULTS: Readonly<Record<Stage, StageConfigInput>> = {
  sandbox: nonProd("sandbox", "10.40.0.0/24"),
  dev: nonProd("dev", "10.41.0.0/24"),
  test: nonProd("test", "10.42.0.0/24"),
  prod,
};
