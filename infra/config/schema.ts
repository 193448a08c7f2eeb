/**
 * The deployment configuration schema: one zod schema for everything a stage can set. Parsing a
 * stage's defaults merged with overrides either yields a `StageConfig` or fails naming the field.
 */
import { z } from "zod";

/** The stages the app knows (the seed ran four environments). */
export const STAGES = ["sandbox", "dev", "test", "prod"] as const;
export type Stage = (typeof STAGES)[number];

/** CloudWatch Logs retention values CloudFormation accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const retentionDays = z
  .number()
  .int()
  .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    message: `must be one of ${LOG_RETENTION_DAYS.join(", ")}`,
  });

const ianaZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return tz === "UTC" || tz.includes("/");
    } catch {
      return false;
    }
  },
  { message: "must be an IANA time zone such as UTC or Europe/Madrid" },
);

const LogGroupSchema = z.strictObject({
  /** Exact log group name (CloudFormation subscribes named log groups, not prefixes). */
  name: z.string().regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, "must be a CloudWatch Logs log group name"),
  /** CloudWatch Logs filter pattern; "" forwards every event. */
  filterPattern: z.string().max(1024).default(""),
});

/**
 * An IAM role ARN as `aws:PrincipalArn` matches it (ArnLike): a session of the role matches its role
 * ARN. `*` is allowed in the name for roles with generated suffixes (IAM Identity Center permission sets).
 */
const roleArnPattern = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/*-]{1,512}$/,
    "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
  );

/** Who besides the pipeline may read the unmasked zones (raw/, errors…/) of the lake. */
const RawAccessSchema = z.strictObject({
  /**
   * Operators' roles that run `loglake reprocess` or `loglake backfill` from their machines (the
   * Firehose role and the reprocess Lambda's role are always allowed).
   */
  readerRoleArns: z.array(roleArnPattern).default([]),
  /** The stage's named break-glass role for incident investigation. @default - none */
  breakGlassRoleArn: roleArnPattern.optional(),
});

const ProvisionedSchema = z.strictObject({
  kind: z.literal("provisioned"),
  nodeType: z.string().regex(/^(ra3|dc2)\.[a-z0-9]+$/, "must be a Redshift node type such as ra3.large"),
  numberOfNodes: z.number().int().min(1).max(128),
  snapshotRetentionDays: z.number().int().min(1).max(35),
  /** e.g. "sun:03:00-sun:03:30" (UTC) */
  maintenanceWindow: z
    .string()
    .regex(/^[a-z]{3}:\d{2}:\d{2}-[a-z]{3}:\d{2}:\d{2}$/, "must look like sun:03:00-sun:03:30"),
});

const ServerlessSchema = z.strictObject({
  kind: z.literal("serverless"),
  baseRpu: z
    .number()
    .int()
    .min(8)
    .max(1024)
    .refine((n) => n % 8 === 0, { message: "must be a multiple of 8" }),
});

const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lowercase Redshift identifier");

const WarehouseSchema = z.strictObject({
  /** Provisioned cluster or Serverless workgroup, with the settings of that kind. */
  compute: z.discriminatedUnion("kind", [ProvisionedSchema, ServerlessSchema]),
  databaseName: identifier,
  adminUsername: identifier.refine((u) => u !== "awsuser", { message: "must not be the default awsuser" }),
  /** The BI (Power BI) login whose credentials live in the reader secret. */
  readerUsername: identifier,
  /**
   * Provisioned only: the loader's database user, created by the warehouse setup from the loader secret
   * (Serverless loaders sign in with their role as `IAMR:<loader role name>`).
   */
  loaderUsername: identifier.default("loglake_loader"),
  /** Non-default port (cdk-nag RS4) valid for RA3 and Serverless. */
  port: z
    .number()
    .int()
    .refine((p) => (p >= 5431 && p <= 5455) || (p >= 8191 && p <= 8215), {
      message: "must be in 5431-5455 or 8191-8215",
    })
    .refine((p) => p !== 5439, { message: "must not be the default 5439" }),
  /** Extra CIDRs allowed to reach the warehouse (VPN / Power BI gateway networks). */
  allowedCidrs: z.array(z.cidrv4()).default([]),
});

/** The loader's event source mapping and function (infra/constructs/lake-loader.ts). */
const LoaderSchema = z.strictObject({
  /** SQS messages per invocation (Lambda's SQS maximum is 10,000 with a batching window). */
  batchSize: z.number().int().min(1).max(10_000),
  /** Seconds the mapping gathers messages before invoking (0-300). */
  maxBatchingWindowSeconds: z.number().int().min(0).max(300),
  /** Most concurrent loader invocations (the mapping's minimum is 2): few COPYs at a time. */
  maxConcurrency: z.number().int().min(2).max(1000),
  /** Loader timeout; the load queue's visibility timeout is 6× this. */
  timeoutSeconds: z.number().int().min(60).max(900),
  memoryMiB: z.number().int().min(128).max(10_240),
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: z.number().int().min(1).max(10),
});

const cron = z.string().regex(/^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/, "must be an EventBridge cron(…) expression (UTC)");

/** Nightly warehouse maintenance (infra/constructs/warehouse-maintenance.ts), UTC. */
const MaintenanceSchema = z.strictObject({
  /** When `VACUUM SORT ONLY logs.log_events` runs. */
  vacuumSchedule: cron,
  /** When `ANALYZE logs.log_events` runs (after the vacuum). */
  analyzeSchedule: cron,
});

/** Interface endpoints the network can create (AWS service names). */
export const INTERFACE_ENDPOINTS = [
  "secretsmanager",
  "redshift-data",
  "sqs",
  "sns",
  "kms",
  "logs",
  "firehose",
  "sts",
] as const;

const StageConfigObject = z.strictObject({
  stage: z.enum(STAGES),
  /** Prefix of every physical name (buckets, stream, database); short and DNS-safe. */
  prefix: z.string().regex(/^[a-z][a-z0-9-]{1,11}$/, "must be 2-12 lowercase letters, digits or hyphens"),
  /** Explicit account/region; omit both for an environment-agnostic synth. */
  env: z
    .strictObject({
      account: z.string().regex(/^\d{12}$/, "must be a 12-digit account id"),
      region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be a region such as eu-west-1"),
    })
    .optional(),
  logGroups: z.array(LogGroupSchema).default([]),
  alarmEmails: z.array(z.email()).default([]),
  warehouse: WarehouseSchema,
  loader: LoaderSchema,
  maintenance: MaintenanceSchema,
  network: z.strictObject({
    cidr: z.cidrv4(),
    subnetMask: z.number().int().min(16).max(28),
    maxAzs: z.number().int().min(2).max(6),
    /** Interface endpoints for the VPC's Lambdas (S3 always has a gateway endpoint). */
    interfaceEndpoints: z.array(z.enum(INTERFACE_ENDPOINTS)).default(["secretsmanager", "redshift-data", "sqs", "sns"]),
    /**
     * The subnets' Availability Zones, one per subnet (e.g. the three AZs Redshift Serverless supports
     * in the region). @default - the region's first `maxAzs` AZs (Fn::GetAZs)
     */
    availabilityZones: z
      .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, "must be an AZ name such as eu-west-1a"))
      .optional(),
    /**
     * The region's S3 managed prefix list (pl-…): the warehouse may then only reach S3 on 443. @default -
     * 443 to any address, which in the isolated subnets only the S3 gateway and interface endpoints answer
     */
    s3PrefixListId: z
      .string()
      .regex(/^pl-[0-9a-f]{8,17}$/, "must be a prefix list id such as pl-6da54004")
      .optional(),
  }),
  rawAccess: RawAccessSchema.default({ readerRoleArns: [] }),
  retention: z.strictObject({
    /** Lambda, Firehose, flow-log and Redshift log groups. */
    logDays: retentionDays,
    /** Raw zone → Standard-IA (S3 needs 30 days in Standard first). @default - no transition */
    rawToInfrequentAccessDays: z.number().int().min(30).optional(),
    /** Raw zone → Glacier Instant Retrieval. @default - no transition */
    rawToGlacierDays: z.number().int().min(60).optional(),
    /** Raw zone expiry: the unmasked source records are kept only as long as a replay may need them. */
    rawExpireDays: z.number().int().min(1),
    errorsExpireDays: z.number().int().min(1),
    manifestsExpireDays: z.number().int().min(1),
    athenaResultsExpireDays: z.number().int().min(1),
    accessLogsExpireDays: z.number().int().min(1),
  }),
  firehose: z.strictObject({
    /** Destination buffer; 64-128 MiB when dynamic partitioning / format conversion is on. */
    bufferSizeMiB: z.number().int().min(64).max(128),
    /** Destination buffer interval; at least 60 s with dynamic partitioning. */
    bufferIntervalSeconds: z.number().int().min(60).max(900),
    /** Transform Lambda's input buffer (ProcessorParameter BufferSizeInMBs: 0.2-3 MB). */
    processorBufferSizeMB: z.number().min(0.2).max(3),
    processorBufferIntervalSeconds: z.number().int().min(60).max(900),
  }),
  /** Time zone of the dt/hour partitions (event time). */
  partitionTimeZone: ianaZone,
  masking: z.discriminatedUnion("source", [
    z.strictObject({ source: z.literal("generated") }),
    z.strictObject({
      source: z.literal("existing"),
      /** The complete ARN (with Secrets Manager's 6-character suffix): IAM policies match it exactly. */
      secretArn: z
        .string()
        .regex(
          /^arn:aws[a-z-]*:secretsmanager:[a-z]{2}(-[a-z]+)+-\d:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/,
          "must be a complete secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>)",
        ),
      /** The customer-managed key that encrypts it (the transform gets kms:Decrypt on it). @default - aws/secretsmanager */
      keyArn: z
        .string()
        .regex(
          /^arn:aws[a-z-]*:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/[0-9a-f-]{36}$/,
          "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>)",
        )
        .optional(),
    }),
  ]),
  /** BUSINESS_RULES_JSON for the transform (core/business.ts shape); omit for the defaults. */
  businessRulesJson: z
    .string()
    .refine(
      (s) => {
        try {
          JSON.parse(s);
          return true;
        } catch {
          return false;
        }
      },
      { message: "must be valid JSON" },
    )
    .optional(),
  logLevel: z.enum(["DEBUG", "INFO", "WARN", "ERROR"]),
  athena: z.strictObject({
    /** Per-query scan cutoff; Athena's minimum is 10 MB. */
    bytesScannedCutoffMiB: z.number().int().min(10),
  }),
  /** First date of the dt partition projection range (yyyy-MM-dd). */
  lakeStartDate: z.iso.date(),
  cloudTrail: z.strictObject({ enabled: z.boolean() }),
  /** Alarm thresholds (operations stack); defaults documented in docs/infrastructure.md. */
  alarms: z
    .strictObject({
      /** Period every alarm evaluates over. */
      periodMinutes: z.number().int().min(1).max(60).default(5),
      /** Firehose DeliveryToS3.DataFreshness (age of the oldest record not yet in S3) above this alarms. */
      firehoseFreshnessSeconds: z.number().int().min(60).default(900),
      /** The loader's LoadLagSeconds (now − newest event_time loaded) above this alarms. */
      loadLagSeconds: z.number().int().min(60).default(3600),
      /** A Lambda's maximum duration above this share of its timeout alarms. */
      durationOfTimeoutPercent: z.number().int().min(10).max(100).default(80),
      /** Provisioned: PercentageDiskSpaceUsed above this alarms. */
      redshiftDiskPercent: z.number().int().min(1).max(100).default(80),
      /** Provisioned: CPUUtilization above this for three periods alarms. */
      redshiftCpuPercent: z.number().int().min(1).max(100).default(90),
      /** Serverless: ComputeSeconds in one hour above this alarms (a cost runaway). */
      serverlessComputeSecondsPerHour: z.number().int().min(1).default(28_800),
    })
    .prefault({}),
  /** "retain" keeps data stores when a stack is deleted. */
  removalPolicy: z.enum(["retain", "destroy"]),
});

/** Cross-field rules, each reported on the field to change. */
function crossFieldRules(c: z.output<typeof StageConfigObject>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  if (c.warehouse.compute.kind === "serverless" && c.network.maxAzs < 3) {
    issue(["network", "maxAzs"], "Redshift Serverless needs subnets in at least 3 Availability Zones");
  }
  // The loader and the warehouse setup reach the Data API and Secrets Manager (the setup reads the user
  // secrets whatever the kind; a provisioned loader signs in with its secret) from isolated subnets.
  for (const endpoint of ["redshift-data", "secretsmanager"]) {
    if (!(c.network.interfaceEndpoints as readonly string[]).includes(endpoint)) {
      issue(
        ["network", "interfaceEndpoints"],
        `must include ${endpoint} (the loader and the warehouse setup call it from isolated subnets)`,
      );
    }
  }
  const { adminUsername, readerUsername, loaderUsername } = c.warehouse;
  if (new Set([adminUsername, readerUsername, loaderUsername]).size < 3) {
    issue(
      ["warehouse", "loaderUsername"],
      "adminUsername, readerUsername and loaderUsername must be three different users",
    );
  }
  if (c.loader.batchSize > 10 && c.loader.maxBatchingWindowSeconds < 1) {
    issue(["loader", "maxBatchingWindowSeconds"], "must be at least 1 when batchSize is over 10 (Lambda's SQS rule)");
  }
  const prefix = Number(c.network.cidr.split("/")[1]);
  if (prefix + Math.ceil(Math.log2(c.network.maxAzs)) > c.network.subnetMask) {
    issue(
      ["network", "subnetMask"],
      `${c.network.maxAzs} subnets of /${c.network.subnetMask} do not fit in ${c.network.cidr}`,
    );
  }
  const azs = c.network.availabilityZones;
  if (azs !== undefined) {
    if (azs.length !== c.network.maxAzs || new Set(azs).size !== azs.length) {
      issue(["network", "availabilityZones"], `must name ${c.network.maxAzs} different AZs (network.maxAzs)`);
    }
    const region = c.env?.region;
    if (region && azs.some((az) => az.slice(0, -1) !== region)) {
      issue(["network", "availabilityZones"], `must be AZs of ${region}`);
    }
  }
  const r = c.retention;
  if (r.rawToGlacierDays !== undefined && r.rawToInfrequentAccessDays !== undefined) {
    if (r.rawToGlacierDays < r.rawToInfrequentAccessDays + 30) {
      issue(["retention", "rawToGlacierDays"], "must be at least 30 days after rawToInfrequentAccessDays");
    }
  }
  const lastTransition = Math.max(r.rawToInfrequentAccessDays ?? 0, r.rawToGlacierDays ?? 0);
  if (r.rawExpireDays <= lastTransition) {
    issue(["retention", "rawExpireDays"], "must be later than the raw zone's transitions (rawTo…Days)");
  }
}

/** Everything one stage deploys with, cross-checked. */
export const StageConfigSchema = StageConfigObject.superRefine(crossFieldRules);

/** A validated stage configuration. */
export type StageConfig = z.output<typeof StageConfigSchema>;
/** What a stage's defaults or overrides may contain before validation. */
export type StageConfigInput = z.input<typeof StageConfigSchema>;
