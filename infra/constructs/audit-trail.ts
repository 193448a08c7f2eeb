/**
 * AuditTrail (seed ACCT-003): a multi-region CloudTrail trail with log-file validation, written
 * KMS-encrypted to its own bucket, plus S3 data events for the lake bucket (who read what).
 */
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as cloudtrail from "aws-cdk-lib/aws-cloudtrail";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { PipelineKey } from "./keys.js";
import { acknowledgeControls } from "./nag.js";
import { secureBucketProps } from "./secure-bucket.js";

/** Props of {@link AuditTrail}. */
export interface AuditTrailProps {
  readonly trailName: string;
  readonly bucketName: string;
  /** Server access logs of the trail bucket. */
  readonly accessLogsBucket: s3.IBucket;
  /** Buckets whose object-level (data) events are recorded. @default [] */
  readonly dataEventBuckets?: readonly s3.IBucket[];
  readonly keyAlias: string;
  /** @default Duration.days(2557) (7 years) */
  readonly retention?: Duration;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** CloudTrail trail to S3. */
export class AuditTrail extends Construct {
  readonly trail: cloudtrail.Trail;
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.key = new PipelineKey(this, "Key", {
      alias: `${props.keyAlias}-trail`,
      description: "Onboarding Log Lake: CloudTrail log files",
      removalPolicy,
    }).key;
    const trailArn = stack.formatArn({ service: "cloudtrail", resource: "trail", resourceName: props.trailName });
    // CloudTrail encrypts log files with the key on the trail's behalf (CloudTrail KMS key policy docs).
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "CloudTrailEncryptsLogFiles",
        principals: [new iam.ServicePrincipal("cloudtrail.amazonaws.com")],
        actions: ["kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: {
          StringEquals: { "aws:SourceArn": trailArn },
          StringLike: {
            "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*`,
          },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "CloudTrailDescribesKey",
        principals: [new iam.ServicePrincipal("cloudtrail.amazonaws.com")],
        actions: ["kms:DescribeKey"],
        resources: ["*"],
      }),
    );

    this.bucket = new s3.Bucket(this, "Bucket", {
      ...secureBucketProps({
        bucketName: props.bucketName,
        key: this.key,
        accessLogsBucket: props.accessLogsBucket,
        accessLogsPrefix: "trail/",
      }),
      lifecycleRules: [
        {
          id: "expire-trail-logs",
          expiration: props.retention ?? Duration.days(2557),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
      removalPolicy,
    });

    acknowledgeControls(
      this.bucket,
      "CloudTrail's own digest files (log-file validation) prove the log files unchanged; nothing consumes the bucket's object events; Object Lock needs a new bucket to turn on.",
      "s3_event_notifications_enabled_check",
      "s3_bucket_object_lock_enabled_check",
    );

    // CloudTrail writes only for this trail (aws:SourceArn, CloudTrail's bucket policy docs); the L2 would
    // add the same statements without it, so it gets a policy-less view of the bucket.
    const cloudTrail = new iam.ServicePrincipal("cloudtrail.amazonaws.com");
    const forThisTrail = { "aws:SourceArn": trailArn };
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "CloudTrailChecksAcl",
        principals: [cloudTrail],
        actions: ["s3:GetBucketAcl"],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: forThisTrail },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "CloudTrailWritesLogFiles",
        principals: [cloudTrail],
        actions: ["s3:PutObject"],
        resources: [this.bucket.arnForObjects(`AWSLogs/${stack.account}/*`)],
        conditions: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...forThisTrail } },
      }),
    );

    this.trail = new cloudtrail.Trail(this, "Trail", {
      trailName: props.trailName,
      bucket: s3.Bucket.fromBucketName(this, "TrailBucket", this.bucket.bucketName),
      encryptionKey: this.key,
      enableFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
    });
    // CloudTrail checks the bucket policy when the trail is created.
    if (this.bucket.policy) this.trail.node.addDependency(this.bucket.policy);
    acknowledgeControls(
      this.trail,
      "The trail's record is the validated, KMS-encrypted log files in S3 kept for 7 years; a CloudWatch Logs copy of every lake data event would be a second store of who-read-what without a consumer in this app.",
      "cloud_trail_cloud_watch_logs_enabled_check",
    );
    const dataBuckets = props.dataEventBuckets ?? [];
    if (dataBuckets.length > 0) {
      this.trail.addS3EventSelector(
        dataBuckets.map((bucket) => ({ bucket })),
        { readWriteType: cloudtrail.ReadWriteType.ALL, includeManagementEvents: false },
      );
    }
  }
}
