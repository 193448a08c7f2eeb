/**
 * Customer-managed KMS keys with rotation on and an explicit key policy. CDK's default key policy
 * grants the account `kms:*`; ours enumerates the administration and use actions instead, so the
 * IAM scan can forbid service-wide `kms:*` everywhere. The account principal stays in the policy
 * (without it IAM policies could not grant use of the key, and the key could become unmanageable).
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";

/** What the account may do with a key through IAM policies (admin + cryptographic use). */
export const KEY_ACCOUNT_ACTIONS = [
  "kms:Create*",
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

/** A symmetric CMK with yearly rotation and an enumerated account statement. */
export class PipelineKey extends Construct {
  /** The key; add service statements with `key.addToResourcePolicy`. */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: PipelineKeyProps) {
    super(scope, id);
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: "AccountAdministersAndUsesKeyThroughIam",
          principals: [new iam.AccountRootPrincipal()],
          actions: KEY_ACCOUNT_ACTIONS,
          // A key policy's Resource is always "*": it means "this key".
          resources: ["*"],
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
