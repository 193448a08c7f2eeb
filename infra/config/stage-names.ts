/**
 * Physical names of one stage's resources for a given account and region, without CDK: the CDK app passes
 * its `Aws.ACCOUNT_ID`/`Aws.REGION` tokens (names.ts), the operator CLI the caller's account and region.
 * Bucket names carry account and region (S3's global namespace).
 */
import type { StageConfig } from "./schema.js";

/** The names one stage uses. */
export interface LakeNames {
  /** `<prefix>-<stage>`: stack and resource name stem. */
  readonly stem: string;
  readonly lakeBucket: string;
  readonly accessLogsBucket: string;
  readonly trailBucket: string;
  readonly deliveryStream: string;
  /** The loader's SQS queue of curated objects (the CLI's `backfill-lake` finds it by this name). */
  readonly loadQueue: string;
  /** The role Firehose assumes: named, so the lake bucket policy can allow it without a cross-stack reference. */
  readonly firehoseRole: string;
  /** The role of the reprocess Lambda (operations): named for the same reason. */
  readonly reprocessRole: string;
  /** The loader's role: named, so its Redshift Serverless database user is known (`IAMR:<name>`) for the grants. */
  readonly loaderRole: string;
  /** Glue database (underscores: Athena and Redshift Spectrum dislike hyphens). */
  readonly glueDatabase: string;
  readonly glueTable: string;
  readonly athenaWorkgroup: string;
  /** Powertools metrics namespace shared by the pipeline's functions. */
  readonly metricsNamespace: string;
  /** Redshift cluster identifier or Serverless workgroup (and namespace) name. */
  readonly warehouse: string;
}

/** Names for one stage's resources in `account`/`region` (literal values or CDK tokens). */
export function stageNames(config: Pick<StageConfig, "prefix" | "stage">, account: string, region: string): LakeNames {
  const stem = `${config.prefix}-${config.stage}`;
  const bucket = (zone: string) => `${stem}-${zone}-${account}-${region}`;
  return {
    stem,
    lakeBucket: bucket("lake"),
    accessLogsBucket: bucket("access-logs"),
    trailBucket: bucket("trail"),
    deliveryStream: `${stem}-log-events`,
    loadQueue: `${stem}-load`,
    firehoseRole: `${stem}-firehose`,
    reprocessRole: `${stem}-reprocess`,
    loaderRole: `${stem}-loader`,
    glueDatabase: `${config.prefix.replaceAll("-", "_")}_${config.stage}`,
    glueTable: "log_events",
    athenaWorkgroup: `${stem}-analysts`,
    metricsNamespace: "OnboardingLogLake",
    warehouse: `${stem}-warehouse`,
  };
}
