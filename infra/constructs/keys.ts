/**
 * Customer-managed KMS keys with rotation on and an explicit key policy. CDK's default key policy
 * grants the account `kms:*`; ours enumerates the administration and use actions instead, so the
 * IAM scan can forbid service-wide `kms:*` everywhere. The account principal stays in the policy
 * (without it IAM policies could not grant use of the key, and the key could become unmanageable).
 * Grants are for AWS services only: a grant is a second, IAM-invisible way to use a key, so a person
 * or workload that can call `kms:CreateGrant` could hand the key to anyone (Control Tower CT.KMS.PR.3).
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";

/**
 * What the account may do with a key through IAM policies (admin + cryptographic use). `kms:CreateGrant`
 * is not here: it has its own statements, for AWS resources only (see {@link PipelineKey}).
 */
export const KEY_ACCOUNT_ACTIONS = [
  "kms:CreateAlias",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:RetireGrant",
];

/** Props of {@link PipelineKey}. */
export interface PipelineKeyProps {
  /** Alias without the `alias/` prefix. */
  readonly alias: string;
  readonly description: string;
  /**
   * Whether deleting the stack schedules the key for deletion.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** A symmetric CMK with yearly rotation, an enumerated account statement and grants for AWS resources only. */
export class PipelineKey extends Construct {
  /** The key; add service statements with `key.addToResourcePolicy`. */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: PipelineKeyProps) {
    super(scope, id);
    const account = new iam.AccountRootPrincipal();
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: "AccountAdministersAndUsesKeyThroughIam",
          principals: [account],
          actions: KEY_ACCOUNT_ACTIONS,
          // A key policy's Resource is always "*": it means "this key".
          resources: ["*"],
        }),
        // Services that encrypt for a caller (Firehose SSE, Redshift, Secrets Manager) create grants.
        new iam.PolicyStatement({
          sid: "AccountCreatesGrantsForAwsResources",
          principals: [account],
          actions: ["kms:CreateGrant"],
          resources: ["*"],
          conditions: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        }),
        new iam.PolicyStatement({
          sid: "DenyGrantsExceptForAwsServices",
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ["kms:CreateGrant"],
          resources: ["*"],
          conditions: {
            BoolIfExists: { "kms:GrantIsForAWSResource": "false", "aws:PrincipalIsAWSService": "false" },
          },
        }),
      ],
    });
    this.key = new kms.Key(this, "Key", {
      alias: `alias/${props.alias}`,
      description: props.description,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      pendingWindow: Duration.days(30),
      policy,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}

/**
 * Lets CloudWatch Logs encrypt the account's log groups in this region with `key` (CloudWatch Logs
 * KMS docs: the regional logs principal, scoped by the `aws:logs:arn` encryption context).
 */
export function allowCloudWatchLogs(key: kms.Key): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "CloudWatchLogsEncryptsLogGroups",
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      resources: ["*"],
      conditions: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": stack.formatArn({
            service: "logs",
            resource: "log-group",
            resourceName: "*",
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
}
