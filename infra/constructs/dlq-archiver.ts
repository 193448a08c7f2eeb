/**
 * DeadLetterArchive: the DLQ archiver Lambda (handlers/dlq-archiver.ts) and its triggers. Every
 * dead-letter queue handed to {@link DeadLetterArchive.watch} feeds it through an event source mapping
 * with partial-batch responses, so a message leaves its DLQ only once its archive row is written.
 */
import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as sources from "aws-cdk-lib/aws-lambda-event-sources";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { acknowledgeControls, acknowledgeWildcards } from "./nag.js";
import { PipelineFunction, type PipelineLogLevel } from "./pipeline-function.js";

/** Props of {@link DeadLetterArchive}. */
export interface DeadLetterArchiveProps {
  readonly lakeBucket: s3.IBucket;
  /** The lake bucket's CMK (archive objects are SSE-KMS). */
  readonly lakeKey: kms.IKey;
  /** Archive prefix in the lake bucket, e.g. `analytics/pipeline_failures/`. */
  readonly prefix: string;
  readonly topic: sns.ITopic;
  /** The topic's CMK (publishing to an encrypted topic needs a data key). */
  readonly topicKey: kms.IKey;
  readonly metricsNamespace: string;
  readonly logLevel: PipelineLogLevel;
  readonly logRetention: logs.RetentionDays;
  /** CMK of the function's log group (its policy lets CloudWatch Logs use it). */
  readonly logKey: kms.IKey;
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The archiver's timeout. An SQS event source needs the queue's visibility timeout to be at least the
 * function's; SQS's default is 30 s, so the archiver fits DLQs created with defaults.
 */
export const ARCHIVER_TIMEOUT = Duration.seconds(30);

/** DLQ archiver function; call `watch(queue)` for every DLQ of the pipeline. */
export class DeadLetterArchive extends Construct {
  readonly function: PipelineFunction;
  readonly timeout = ARCHIVER_TIMEOUT;
  /** The DLQs it reads, in the order they were added. */
  readonly queues: sqs.IQueue[] = [];

  constructor(scope: Construct, id: string, props: DeadLetterArchiveProps) {
    super(scope, id);
    this.function = new PipelineFunction(this, "Archiver", {
      logEncryptionKey: props.logKey,
      entry: "handlers/dlq-archiver.ts",
      description: "DLQ archiver: dead letters to analytics/pipeline_failures/ and one SNS summary per batch",
      serviceName: "dlq-archiver",
      metricsNamespace: props.metricsNamespace,
      logLevel: props.logLevel,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      timeout: ARCHIVER_TIMEOUT,
      memorySize: 256,
      environment: {
        ARCHIVE_BUCKET: props.lakeBucket.bucketName,
        ARCHIVE_PREFIX: props.prefix,
        ALERT_TOPIC_ARN: props.topic.topicArn,
      },
    });
    acknowledgeControls(
      this.function.function,
      "The archiver reads its DLQs through Lambda's event source mapping and writes to S3 and SNS over TLS; a VPC would add interface endpoints and ENIs without keeping any traffic private that is not already TLS to AWS APIs.",
      "lambda_inside_vpc_check",
    );
    const role = this.function.role;
    const archiveObjects = props.lakeBucket.arnForObjects(`${props.prefix}*`);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["s3:PutObject"], resources: [archiveObjects] }));
    // SSE-KMS with a bucket key: a PutObject needs a data key from the lake CMK.
    props.lakeKey.grant(role, "kms:GenerateDataKey");
    // Explicit rather than topic.grantPublish, which adds kms:GenerateDataKey* for the topic's key.
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["sns:Publish"], resources: [props.topic.topicArn] }));
    props.topicKey.grant(role, "kms:GenerateDataKey", "kms:Decrypt");
    acknowledgeWildcards(role, "The archiver writes one object per dead letter under generated keys of its prefix.", {
      resources: [archiveObjects],
    });
  }

  /** Feeds `queue` (a DLQ) to the archiver; only unpersisted messages stay in it. */
  watch(queue: sqs.IQueue): void {
    this.queues.push(queue);
    this.function.function.addEventSource(
      new sources.SqsEventSource(queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(20),
        reportBatchItemFailures: true,
      }),
    );
  }
}
