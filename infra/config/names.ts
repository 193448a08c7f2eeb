/**
 * Physical names derived from the config. The lake bucket and the delivery stream have explicit,
 * deterministic names so other stacks (and IAM policies) can address them without CloudFormation
 * exports (no export lock-in) and without reference cycles (stream → Lambda → policy → stream).
 */
import { Aws } from "aws-cdk-lib";
import type { StageConfig } from "./schema.js";

/** The names one stage uses; bucket names carry account and region (global namespace). */
export interface LakeNames {
  /** `<prefix>-<stage>`: stack and resource name stem. */
  readonly stem: string;
  readonly lakeBucket: string;
  readonly accessLogsBucket: string;
  readonly trailBucket: string;
  readonly deliveryStream: string;
  /** Glue database (underscores: Athena and Redshift Spectrum dislike hyphens). */
  readonly glueDatabase: string;
  readonly glueTable: string;
  readonly athenaWorkgroup: string;
  /** Powertools metrics namespace shared by the pipeline's functions. */
  readonly metricsNamespace: string;
}

/** Names for one stage's resources. */
export function lakeNames(config: StageConfig): LakeNames {
  const stem = `${config.prefix}-${config.stage}`;
  const bucket = (zone: string) => `${stem}-${zone}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
  return {
    stem,
    lakeBucket: bucket("lake"),
    accessLogsBucket: bucket("access-logs"),
    trailBucket: bucket("trail"),
    deliveryStream: `${stem}-log-events`,
    glueDatabase: `${config.prefix.replaceAll("-", "_")}_${config.stage}`,
    glueTable: "log_events",
    athenaWorkgroup: `${stem}-analysts`,
    metricsNamespace: "OnboardingLogLake",
  };
}
