/**
 * The monthly cost model of `loglake cost`: per component, from a stage's configuration, a daily log
 * volume and the price table. Pure arithmetic; every assumption is a named constant below, so a
 * reader can see why a figure is what it is and change the one that does not fit their traffic.
 */
import { PRICES, type PriceTable } from "./prices.js";

/** What the model needs of a stage (cli/cost.ts maps a StageConfig to this). */
export interface CostInputs {
  readonly stage: string;
  /** Log text the application writes to the subscribed log groups per day, GB (uncompressed). */
  readonly gbPerDay: number;
  readonly warehouse:
    | { readonly kind: "provisioned"; readonly nodeType: string; readonly numberOfNodes: number }
    | { readonly kind: "serverless"; readonly baseRpu: number };
  readonly raw: {
    readonly expireDays: number;
    readonly toInfrequentAccessDays?: number;
    readonly toGlacierDays?: number;
  };
  readonly firehose: {
    readonly bufferSizeMiB: number;
    readonly bufferIntervalSeconds: number;
    readonly processorBufferSizeMB: number;
  };
  readonly loader: { readonly maxBatchingWindowSeconds: number; readonly memoryMiB: number };
  readonly interfaceEndpoints: number;
  readonly availabilityZones: number;
}

/** The model's assumptions; docs/infrastructure.md explains each. */
export const ASSUMPTIONS = {
  daysPerMonth: 30,
  hoursPerMonth: 730,
  /** gzip'd CloudWatch Logs subscription records ÷ log text (what Firehose ingests and bills). */
  gzipRatio: 0.125,
  /** Curated Parquet (ZSTD/Snappy columns) ÷ log text. */
  parquetRatio: 0.15,
  /** Transform time per MB of log text on one full vCPU: bench/README.md, 24.6 MB/s → 40.7 ms/MB. */
  transformMsPerMb: 40.7,
  /** The transform's memory (infra/constructs/ingestion.ts); Lambda gives one full vCPU at 1,769 MB. */
  transformMemoryMb: 1024,
  lambdaFullVcpuMb: 1769,
  /** Seconds one loader invocation runs (manifest, one COPY, polling), gathered each batching window. */
  loaderSecondsPerInvocation: 10,
  /** SQS requests per curated object: send (EventBridge), receive, delete. */
  sqsRequestsPerObject: 3,
  /** Storage figures are those of the 12th month: the curated zone and the warehouse keep everything. */
  storedMonths: 12,
  /** Athena scanned by analysts per month (partition pruning and Parquet keep it small). */
  athenaTbPerMonth: 1,
  kmsKeys: 6,
  /** The operations stack's alarms (test/infra/operations.test.ts holds the count to this). */
  alarms: 27,
  /** The abandoned Glue design: a Spark job every 15 minutes, 2 DPU, 2 minutes plus 2 per GB a run. */
  glueRunsPerDay: 96,
  glueDpu: 2,
  glueFixedMinutesPerRun: 2,
  glueMinutesPerGb: 2,
} as const;

/** One line of the estimate. */
export interface CostComponent {
  readonly name: string;
  readonly usd_per_month: number;
}

/** The estimate, as `loglake cost --json` prints it. */
export interface CostEstimate {
  readonly stage: string;
  readonly gb_per_day: number;
  readonly components: CostComponent[];
  readonly total_usd_per_month: number;
  readonly glue_design_usd_per_month: number;
}

/** The components the Glue design replaces (it converts and partitions in Spark instead). */
const REPLACED_BY_GLUE = ["Firehose format conversion", "Firehose dynamic partitioning", "transform Lambda"];

const cents = (usd: number): number => Math.round(usd * 100) / 100;

/** GB stored on average per storage class for the raw zone at steady state. */
function rawStorage(monthlyGb: number, raw: CostInputs["raw"], daysPerMonth: number) {
  const perDay = monthlyGb / daysPerMonth;
  const ia = raw.toInfrequentAccessDays ?? raw.expireDays;
  const glacier = raw.toGlacierDays ?? raw.expireDays;
  const standardDays = Math.min(raw.expireDays, ia, glacier);
  const iaDays = Math.max(0, Math.min(raw.expireDays, glacier) - standardDays);
  const glacierDays = Math.max(0, raw.expireDays - standardDays - iaDays);
  return { standard: perDay * standardDays, ia: perDay * iaDays, glacier: perDay * glacierDays };
}

/** Estimates one stage's monthly cost for `inputs.gbPerDay` of logs. */
export function estimateCost(inputs: CostInputs, prices: PriceTable = PRICES, a = ASSUMPTIONS): CostEstimate {
  const logGbMonth = inputs.gbPerDay * a.daysPerMonth;
  const ingestedGb = logGbMonth * a.gzipRatio;
  const parquetGb = logGbMonth * a.parquetRatio;
  const secondsPerMonth = a.daysPerMonth * 86_400;
  // Each buffer interval flushes an object (one hour partition is active at a time); big volumes fill the size first.
  const objects = Math.max(
    secondsPerMonth / inputs.firehose.bufferIntervalSeconds,
    (parquetGb * 1024) / inputs.firehose.bufferSizeMiB,
  );

  const transformGbSeconds =
    ((logGbMonth * 1024 * a.transformMsPerMb) / 1000) *
    Math.max(1, a.lambdaFullVcpuMb / a.transformMemoryMb) *
    (a.transformMemoryMb / 1024);
  const transformRequests = (ingestedGb * 1000) / inputs.firehose.processorBufferSizeMB;

  const raw = rawStorage(ingestedGb, inputs.raw, a.daysPerMonth);
  const storedParquetGb = parquetGb * a.storedMonths;

  const loaderInvocations = secondsPerMonth / inputs.loader.maxBatchingWindowSeconds;
  const loaderGbSeconds = loaderInvocations * a.loaderSecondsPerInvocation * (inputs.loader.memoryMiB / 1024);

  const w = inputs.warehouse;
  let compute: number;
  if (w.kind === "provisioned") {
    const hourly = prices.redshiftNodePerHour[w.nodeType];
    if (hourly === undefined) throw new Error(`no price for Redshift node type ${w.nodeType}`);
    compute = hourly * w.numberOfNodes * a.hoursPerMonth;
  } else {
    // A load every batching window keeps the workgroup busy around the clock at its base capacity.
    compute = w.baseRpu * prices.redshiftServerlessPerRpuHour * a.hoursPerMonth;
  }

  const components: CostComponent[] = [
    { name: "CloudWatch Logs subscription delivery", usd_per_month: 0 },
    { name: "Firehose ingestion", usd_per_month: ingestedGb * prices.firehoseIngestPerGb },
    { name: "Firehose format conversion", usd_per_month: ingestedGb * prices.firehoseFormatConversionPerGb },
    {
      name: "Firehose dynamic partitioning",
      usd_per_month:
        parquetGb * prices.firehoseDynamicPartitioningPerGb +
        (objects / 1000) * prices.firehoseDynamicPartitioningPer1000Objects,
    },
    {
      name: "transform Lambda",
      usd_per_month:
        transformGbSeconds * prices.lambdaArmPerGbSecond + (transformRequests / 1e6) * prices.lambdaPerMillionRequests,
    },
    {
      name: "S3 raw zone",
      usd_per_month:
        raw.standard * prices.s3StandardPerGbMonth +
        raw.ia * prices.s3StandardIaPerGbMonth +
        raw.glacier * prices.s3GlacierInstantPerGbMonth,
    },
    { name: "S3 curated zone (12th month)", usd_per_month: storedParquetGb * prices.s3StandardPerGbMonth },
    // Firehose writes each curated object and its raw backup object.
    { name: "S3 requests", usd_per_month: ((2 * objects) / 1000) * prices.s3PutPer1000 },
    {
      name: "SQS load queue",
      usd_per_month: ((objects * a.sqsRequestsPerObject) / 1e6) * prices.sqsPerMillionRequests,
    },
    {
      name: "loader Lambda",
      usd_per_month:
        loaderGbSeconds * prices.lambdaArmPerGbSecond + (loaderInvocations / 1e6) * prices.lambdaPerMillionRequests,
    },
    { name: "Redshift compute", usd_per_month: compute },
    {
      name: "Redshift managed storage (12th month)",
      usd_per_month: storedParquetGb * prices.redshiftManagedStoragePerGbMonth,
    },
    { name: "Athena", usd_per_month: a.athenaTbPerMonth * prices.athenaPerTbScanned },
    {
      name: "VPC interface endpoints",
      usd_per_month:
        inputs.interfaceEndpoints * inputs.availabilityZones * a.hoursPerMonth * prices.interfaceEndpointPerAzHour,
    },
    {
      name: "KMS keys, alarms, dashboard",
      usd_per_month:
        a.kmsKeys * prices.kmsKeyPerMonth +
        a.alarms * prices.cloudwatchAlarmPerMonth +
        prices.cloudwatchDashboardPerMonth,
    },
  ].map((c) => ({ name: c.name, usd_per_month: cents(c.usd_per_month) }));

  const total = components.reduce((sum, c) => sum + c.usd_per_month, 0);
  const replaced = components
    .filter((c) => REPLACED_BY_GLUE.includes(c.name))
    .reduce((sum, c) => sum + c.usd_per_month, 0);
  const gbPerRun = inputs.gbPerDay / a.glueRunsPerDay;
  const glueMinutes = Math.max(1, a.glueFixedMinutesPerRun + gbPerRun * a.glueMinutesPerGb);
  const glue = a.glueRunsPerDay * a.daysPerMonth * a.glueDpu * (glueMinutes / 60) * prices.glueDpuHour;
  return {
    stage: inputs.stage,
    gb_per_day: inputs.gbPerDay,
    components,
    total_usd_per_month: cents(total),
    glue_design_usd_per_month: cents(total - replaced + glue),
  };
}
