/**
 * Physical names derived from the config. The lake bucket and the delivery stream have explicit,
 * deterministic names so other stacks (and IAM policies) can address them without CloudFormation
 * exports (no export lock-in) and without reference cycles (stream → Lambda → policy → stream).
 */
import { Aws } from "aws-cdk-lib";
import type { StageConfig } from "./schema.js";
import { type LakeNames, stageNames } from "./stage-names.js";

export type { LakeNames } from "./stage-names.js";

/** Names for one stage's resources, in the deploying account and region (CDK tokens). */
export function lakeNames(config: StageConfig): LakeNames {
  return stageNames(config, Aws.ACCOUNT_ID, Aws.REGION);
}
