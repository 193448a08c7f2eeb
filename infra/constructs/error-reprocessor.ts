/**
 * ErrorReprocessor: the operator-invoked reprocess Lambda (handlers/reprocess.ts, the same code as
 * `loglake reprocess`) with exactly the S3 rights the resumable move needs, PutRecordBatch on the one
 * delivery stream, and a DLQ for failed asynchronous invocations (archived like every other DLQ).
 */
import { Duration, type RemovalPolicy, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { LAKE_PREFIXES } from "../../schemas/lake-layout.js";
import { acknowledge, acknowledgeControls, acknowledgeWildcards } from "./nag.js";
import { PipelineFunction, type PipelineLogLevel } from "./pipeline-function.js";

/** Props of {@link ErrorReprocessor}. */
export interface ErrorReprocessorProps {
  readonly lakeBucket: s3.IBucket;
  readonly lakeKey: kms.IKey;
  readonly deliveryStreamName: string;
  /** Physical name of the execution role: the lake bucket policy lets this name read the unmasked zones. */
  readonly roleName: string;
  /** CMK of the invocation DLQ. */
  readonly queueKey: kms.IKey;
  readonly metricsNamespace: string;
  readonly logLevel: PipelineLogLevel;
  readonly logRetention: logs.RetentionDays;
  /** CMK of the function's log group (its policy lets CloudWatch Logs use it). */
  readonly logKey: kms.IKey;
  readonly removalPolicy?: RemovalPolicy;
}

/** Lambda's maximum: the handler stops a minute before it and says how much is left. */
export const REPROCESS_TIMEOUT = Duration.minutes(15);

/** The reprocess Lambda and its DLQ. */
export class ErrorReprocessor extends Construct {
  readonly function: PipelineFunction;
  readonly timeout = REPROCESS_TIMEOUT;
  /** Failed asynchronous invocations (Lambda adds ErrorCode/ErrorMessage attributes). */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ErrorReprocessorProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, "InvocationDlq", {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
      // Lambda's DeadLetterConfig writes here, not an SQS redrive: no queue may redrive into it.
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.DENY_ALL },
    });
    acknowledgeControls(
      this.deadLetterQueue,
      "CT.SQS.PR.1 takes a queue as a DLQ only when other queues may redrive into it (allowAll/byQueue); this one is the reprocess Lambda's asynchronous-invocation DLQ, so it denies all redrives and needs no DLQ of its own.",
      "sqs_dlq_check",
    );
    acknowledge(
      this.deadLetterQueue,
      "This queue is the reprocess Lambda's dead-letter queue (its DeadLetterConfig); it needs no DLQ of its own.",
      "AwsSolutions-SQS3",
    );
    this.function = new PipelineFunction(this, "Reprocess", {
      logEncryptionKey: props.logKey,
      entry: "handlers/reprocess.ts",
      description: "Operator-invoked: re-put the lake's Firehose error prefix to the delivery stream",
      serviceName: "reprocess",
      metricsNamespace: props.metricsNamespace,
      logLevel: props.logLevel,
      logRetention: props.logRetention,
      logRemovalPolicy: props.removalPolicy,
      timeout: REPROCESS_TIMEOUT,
      memorySize: 1024,
      deadLetterQueue: this.deadLetterQueue,
      roleName: props.roleName,
      environment: { LAKE_BUCKET: props.lakeBucket.bucketName, DELIVERY_STREAM_NAME: props.deliveryStreamName },
    });
    // Re-running is how an operator resumes; Lambda's own async retries would only race the first run.
    this.function.function.configureAsyncInvoke({ retryAttempts: 0 });

    acknowledgeControls(
      this.function.function,
      "An operator invokes it; it only calls S3 and its own Firehose stream over TLS, so a VPC would add interface endpoints and ENIs without keeping any traffic private that is not already TLS to AWS APIs.",
      "lambda_inside_vpc_check",
    );
    const role = this.function.role;
    const b = props.lakeBucket;
    const errors = b.arnForObjects(`${LAKE_PREFIXES.errors}*`);
    const handled = [
      b.arnForObjects(`${LAKE_PREFIXES.errorsReprocessed}*`),
      b.arnForObjects(`${LAKE_PREFIXES.errorsQuarantine}*`),
    ];
    const statement = (actions: string[], resources: string[]) =>
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
    // ListBucket also makes HeadObject answer 404 (not 403) for a missing errors-reprocessed/ key.
    statement(["s3:ListBucket"], [b.bucketArn]);
    statement(["s3:GetObject", "s3:DeleteObject"], [errors]);
    statement(["s3:GetObject", "s3:PutObject"], handled);
    props.lakeKey.grant(role, "kms:Decrypt", "kms:GenerateDataKey");
    // Lambda sends to the encrypted DLQ with the execution role; the L2 grants only sqs:SendMessage.
    props.queueKey.grant(role, "kms:Decrypt", "kms:GenerateDataKey");
    const streamArn = Stack.of(this).formatArn({
      service: "firehose",
      resource: "deliverystream",
      resourceName: props.deliveryStreamName,
    });
    statement(["firehose:PutRecordBatch"], [streamArn]);
    acknowledgeWildcards(
      role,
      "Reprocessing reads and deletes error objects under generated keys and writes them below errors-reprocessed/ and errors-quarantine/.",
      { resources: [errors, ...handled] },
    );
  }
}
