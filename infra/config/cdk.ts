/**
 * The one place where config values become CDK values, so the stacks never repeat the mapping
 * (and a stack added later picks up the same removal policy and retention by calling these).
 */
import { Aws, RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { StageConfig } from "./schema.js";
import type { LakeNames } from "./stage-names.js";

/** `removalPolicy: "retain" | "destroy"` → the CDK removal policy of data stores, keys and log groups. */
export function removalPolicyOf(config: Pick<StageConfig, "removalPolicy">): RemovalPolicy {
  return config.removalPolicy === "retain" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}

/** `retention.logDays` → the retention of every pipeline log group (validated against CloudWatch's values). */
export function logRetentionOf(config: Pick<StageConfig, "retention">): RetentionDays {
  // The schema only accepts the values of LOG_RETENTION_DAYS, which are RetentionDays' values.
  return config.retention.logDays as RetentionDays;
}

/**
 * `aws:PrincipalArn` patterns allowed to read the lake's unmasked zones: the Firehose role and the
 * reprocess Lambda's role (named, see stage-names.ts), then `rawAccess.readerRoleArns` and
 * `rawAccess.breakGlassRoleArn`.
 */
export function unmaskedReadersOf(config: Pick<StageConfig, "rawAccess">, names: LakeNames): string[] {
  const role = (name: string) => `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${name}`;
  const { readerRoleArns, breakGlassRoleArn } = config.rawAccess;
  return [
    role(names.firehoseRole),
    role(names.reprocessRole),
    ...readerRoleArns,
    ...(breakGlassRoleArn ? [breakGlassRoleArn] : []),
  ];
}

/**
 * `network.s3PrefixListId` → the warehouse's HTTPS egress peer. Without it, any IPv4 address: the
 * isolated subnets have no route but the S3 gateway endpoint's and the VPC's own (interface endpoints).
 */
export function warehouseEgressPeerOf(config: Pick<StageConfig, "network">): ec2.IPeer {
  const id = config.network.s3PrefixListId;
  return id ? ec2.Peer.prefixList(id) : ec2.Peer.anyIpv4();
}
