/**
 * Policy-validation acknowledgements (cdk-nag and the Control Tower controls), written next to the
 * resource they concern. cdk-nag 3 reads CDK's
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

/** Control Tower proactive controls run by the cfn-guard validator plugin, by rule name. */
export type ControlTowerRule =
  | "cloud_trail_cloud_watch_logs_enabled_check"
  | "lambda_inside_vpc_check"
  | "redshift_cluster_audit_logging_enabled_check"
  | "redshift_backup_enabled_check"
  | "s3_bucket_default_encryption_kms_check"
  | "s3_bucket_logging_enabled_check"
  | "s3_event_notifications_enabled_check"
  | "s3_bucket_object_lock_enabled_check"
  | "cloudwatch_log_group_retention_period_check"
  | "sqs_dlq_check";

/** Acknowledges Control Tower proactive controls (e.g. CT.S3.PR.9's rule) on `scope` and its children. */
export function acknowledgeControls(scope: IConstruct, reason: string, ...rules: ControlTowerRule[]): void {
  acknowledge(scope, reason, ...rules.map((rule) => `cdk-validator-cfnguard::${rule}`));
}

/**
 * Acknowledges CT.CLOUDWATCH.PR.2 (one year of retention) on a log group only when its stage keeps
 * logs shorter on purpose (`retention.logDays`: 14-30 days below prod, 365 in prod).
 */
export function acknowledgeShortLogRetention(logGroup: IConstruct, retentionDays: number): void {
  if (retentionDays >= 365) return;
  acknowledgeControls(
    logGroup,
    `This stage keeps pipeline logs ${retentionDays} days (retention.logDays): short-lived non-prod stages need no year of logs, and shorter retention keeps less personal data.`,
    "cloudwatch_log_group_retention_period_check",
  );
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
