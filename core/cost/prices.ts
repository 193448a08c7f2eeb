/**
 * The price table of `loglake cost`: AWS list prices in us-east-1, on-demand, without free tiers or
 * discounts. Dated and sourced so a reader knows how old they are: re-check the pages before budgeting,
 * and change the numbers here (the tests of the model use their own hand-computed figures).
 */

/** When these prices were read, and where. */
export const PRICES_AS_OF = "2025-06 (us-east-1 list prices from the AWS pricing pages named beside each price)";

/** USD prices, us-east-1. */
export const PRICES = {
  // aws.amazon.com/firehose/pricing — Direct PUT (CloudWatch Logs subscriptions are Direct PUT), first 500 TB tier.
  firehoseIngestPerGb: 0.029,
  firehoseFormatConversionPerGb: 0.018,
  firehoseDynamicPartitioningPerGb: 0.02,
  firehoseDynamicPartitioningPer1000Objects: 0.005,
  // aws.amazon.com/lambda/pricing — Arm (Graviton) duration and requests.
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  // aws.amazon.com/s3/pricing — first 50 TB tier; requests.
  s3StandardPerGbMonth: 0.023,
  s3StandardIaPerGbMonth: 0.0125,
  s3GlacierInstantPerGbMonth: 0.004,
  s3PutPer1000: 0.005,
  // aws.amazon.com/sqs/pricing — standard queue, per million requests (beyond the free tier).
  sqsPerMillionRequests: 0.4,
  // aws.amazon.com/redshift/pricing — on-demand node hours, managed storage, Serverless RPU-hours.
  redshiftNodePerHour: {
    "ra3.large": 0.543,
    "ra3.xlplus": 1.086,
    "ra3.4xlarge": 3.26,
    "ra3.16xlarge": 13.04,
  } as Readonly<Record<string, number>>,
  redshiftManagedStoragePerGbMonth: 0.024,
  redshiftServerlessPerRpuHour: 0.375,
  // aws.amazon.com/athena/pricing — SQL queries, per TB scanned.
  athenaPerTbScanned: 5,
  // aws.amazon.com/privatelink/pricing — interface endpoint, per AZ-hour.
  interfaceEndpointPerAzHour: 0.01,
  // aws.amazon.com/kms/pricing — customer managed key per month.
  kmsKeyPerMonth: 1,
  // aws.amazon.com/cloudwatch/pricing — standard alarm per month, dashboard per month.
  cloudwatchAlarmPerMonth: 0.1,
  cloudwatchDashboardPerMonth: 3,
  // aws.amazon.com/glue/pricing — Spark ETL job, per DPU-hour (billed per second, 1-minute minimum).
  glueDpuHour: 0.44,
} as const;

/** The price table's shape, so tests and what-ifs can pass their own. */
export type PriceTable = typeof PRICES;
