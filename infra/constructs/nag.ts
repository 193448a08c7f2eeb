/**
 * cdk-nag acknowledgements, written next to the resource they concern. cdk-nag 3 reads CDK's
 * `Validations.of(x).acknowledge()`, one id per finding; IAM5 findings are per wildcard action or
 * resource, so `acknowledgeWildcards` computes the exact finding ids from the same tokens the
 * policy uses (resolved and flattened the way cdk-nag does it).
 */
import { Stack, Validations } from "aws-cdk-lib";
import { flattenCfnReference } from "cdk-nag/lib/utils/flatten-cfn-reference.js";
import type { IConstruct } from "constructs";

/** Acknowledges whole AwsSolutions rules (e.g. "AwsSolutions-SMG4") on `scope` and its children. */
export function acknowledge(scope: IConstruct, reason: string, ...ruleIds: string[]): void {
  Validations.of(scope).acknowledge(...ruleIds.map((id) => ({ id, reason })));
}

/** Wildcards an IAM policy really needs: actions as written, resources as tokens or strings. */
export interface WildcardFindings {
  readonly actions?: readonly string[];
  readonly resources?: readonly string[];
}

/** The AwsSolutions-IAM5 finding id of one resource, as cdk-nag renders it. */
export function iam5ResourceId(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}

/** Acknowledges the given wildcard actions/resources (and only those) on a role or policy. */
export function acknowledgeWildcards(scope: IConstruct, reason: string, findings: WildcardFindings): void {
  const ids = [
    ...(findings.actions ?? []).map((action) => `AwsSolutions-IAM5[Action::${action}]`),
    ...(findings.resources ?? []).map((resource) => iam5ResourceId(scope, resource)),
  ];
  acknowledge(scope, reason, ...ids);
}

/** Wildcard actions `bucket.grantReadWrite` adds (what the Firehose L2 grants its role). */
export const S3_READ_WRITE_WILDCARDS = ["s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:DeleteObject*", "s3:Abort*"];
/** Wildcard actions `key.grantEncryptDecrypt` adds. */
export const KMS_ENCRYPT_DECRYPT_WILDCARDS = ["kms:ReEncrypt*", "kms:GenerateDataKey*"];
