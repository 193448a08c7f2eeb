/**
 * Lake: the CMK and the lake bucket with its zones (raw, curated, errors, analytics), plus the
 * server-access-log bucket. Secure defaults: public access blocked, TLS-only bucket policies,
 * versioning, lifecycle per zone, server access logging.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { LAKE_PREFIXES } from "../../schemas/lake-layout.js";
import { PipelineKey } from "./keys.js";
import { acknowledge, acknowledgeControls } from "./nag.js";
import { secureBucketProps } from "./secure-bucket.js";

/** The zones that hold unmasked log events: the raw backup and every form of the error prefix. */
export const UNMASKED_PREFIXES = [
  LAKE_PREFIXES.raw,
  LAKE_PREFIXES.errors,
  LAKE_PREFIXES.errorsReprocessed,
  LAKE_PREFIXES.errorsQuarantine,
] as const;
/** Id of the S3 request-metrics filter on `errors/` (its PutRequests alarm on new error objects). */
export const ERROR_OBJECTS_METRICS_ID = "errors";

/** Retention knobs of the lake (days). */
export interface LakeRetention {
  /** @default - no transition */
  readonly rawToInfrequentAccessDays?: number;
  /** @default - no transition */
  readonly rawToGlacierDays?: number;
  readonly rawExpireDays: number;
  readonly errorsExpireDays: number;
  readonly manifestsExpireDays: number;
  readonly athenaResultsExpireDays: number;
  readonly accessLogsExpireDays: number;
}

/** Props of {@link Lake}. */
export interface LakeProps {
  /** Physical name of the lake bucket (deterministic, see config/names.ts). */
  readonly bucketName: string;
  /** Physical name of the server-access-log bucket. */
  readonly accessLogsBucketName: string;
  /** KMS alias stem, e.g. `loglake-dev`. */
  readonly keyAlias: string;
  readonly retention: LakeRetention;
  /**
   * `aws:PrincipalArn` patterns that may read the unmasked zones (raw/, errors/, errors-reprocessed/,
   * errors-quarantine/): the Firehose role, the reprocess identities, the break-glass role. Every
   * other principal (analysts, the COPY role, the account root) is denied, and so is any read
   * made through Athena.
   */
  readonly unmaskedReaders: readonly string[];
  /**
   * What happens to buckets and key when the stack is deleted (non-empty buckets are never deleted).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The lake's storage: key, lake bucket, access-log bucket. */
export class Lake extends Construct {
  /** CMK for lake objects, the masking secret, Firehose SSE and Athena results. */
  readonly key: kms.Key;
  /** The lake bucket (all zones). */
  readonly bucket: s3.Bucket;
  /** Server access logs of the lake (and trail) buckets. */
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: LakeProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const r = props.retention;
    this.key = new PipelineKey(this, "Key", {
      alias: `${props.keyAlias}-lake`,
      description: "Onboarding Log Lake: lake objects, masking key secret, Firehose SSE, Athena results",
      removalPolicy,
    }).key;

    this.accessLogsBucket = new s3.Bucket(this, "AccessLogs", {
      bucketName: props.accessLogsBucketName,
      // S3 server access logging can only deliver to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      lifecycleRules: [
        {
          id: "expire-access-logs",
          expiration: Duration.days(r.accessLogsExpireDays),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy,
    });
    acknowledge(
      this.accessLogsBucket,
      "This is the server-access-log target; logging it into itself would loop.",
      "AwsSolutions-S1",
    );
    acknowledgeControls(
      this.accessLogsBucket,
      "S3 server access logging delivers only to SSE-S3 buckets and would loop into itself; nothing consumes its object events; Object Lock would keep access logs past their expiry and needs a new bucket to turn on.",
      "s3_bucket_default_encryption_kms_check",
      "s3_bucket_logging_enabled_check",
      "s3_event_notifications_enabled_check",
      "s3_bucket_object_lock_enabled_check",
    );

    this.bucket = new s3.Bucket(this, "Bucket", {
      ...secureBucketProps({
        bucketName: props.bucketName,
        key: this.key,
        accessLogsBucket: this.accessLogsBucket,
        accessLogsPrefix: "lake/",
      }),
      // Request metrics on errors/ only: PutRequests there means Firehose wrote an error object.
      metrics: [{ id: ERROR_OBJECTS_METRICS_ID, prefix: LAKE_PREFIXES.errors }],
      lifecycleRules: [
        {
          id: "expire-raw",
          prefix: LAKE_PREFIXES.raw,
          transitions: [
            ...(r.rawToInfrequentAccessDays === undefined
              ? []
              : [
                  {
                    storageClass: s3.StorageClass.INFREQUENT_ACCESS,
                    transitionAfter: Duration.days(r.rawToInfrequentAccessDays),
                  },
                ]),
            ...(r.rawToGlacierDays === undefined
              ? []
              : [
                  {
                    storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL,
                    transitionAfter: Duration.days(r.rawToGlacierDays),
                  },
                ]),
          ],
          expiration: Duration.days(r.rawExpireDays),
        },
        { id: "expire-errors", prefix: LAKE_PREFIXES.errors, expiration: Duration.days(r.errorsExpireDays) },
        {
          id: "expire-reprocessed-errors",
          prefix: LAKE_PREFIXES.errorsReprocessed,
          expiration: Duration.days(r.errorsExpireDays),
        },
        { id: "expire-manifests", prefix: LAKE_PREFIXES.manifests, expiration: Duration.days(r.manifestsExpireDays) },
        {
          id: "expire-athena-results",
          prefix: LAKE_PREFIXES.athenaResults,
          expiration: Duration.days(r.athenaResultsExpireDays),
        },
        {
          id: "tidy-versions-and-uploads",
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy,
    });
    // Object-created events go to EventBridge natively (CloudFormation property, no notification
    // custom resource): the loader subscribes an SQS queue with a rule on curated/log_events/.
    this.denyUnmaskedReads(props.unmaskedReaders);
    acknowledgeControls(
      this.bucket,
      "Object Lock would stop the lifecycle rules from deleting unmasked raw and error records on time (data minimisation); versioning, the TLS-only policy and CloudTrail data events protect the lake instead.",
      "s3_bucket_object_lock_enabled_check",
    );
    const cfnBucket = this.bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
  }

  /**
   * Only the masked zones are for analysts. A bucket-policy Deny wins over any IAM Allow, so a broad
   * analyst or admin policy cannot open the unmasked records by accident.
   */
  private denyUnmaskedReads(readers: readonly string[]): void {
    const actions = ["s3:GetObject", "s3:GetObjectVersion"];
    const resources = UNMASKED_PREFIXES.map((prefix) => this.bucket.arnForObjects(`${prefix}*`));
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "DenyUnmaskedReadsExceptPipelineAndBreakGlass",
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions,
        resources,
        conditions: { ArnNotLike: { "aws:PrincipalArn": [...readers] } },
      }),
    );
    // Athena reads with the caller's credentials; even an allowed reader must not expose raw rows through it.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "DenyUnmaskedReadsThroughAthena",
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions,
        resources,
        conditions: { "ForAnyValue:StringEquals": { "aws:CalledVia": ["athena.amazonaws.com"] } },
      }),
    );
  }
}
