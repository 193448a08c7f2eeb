/**
 * OperationsStack: what keeps the pipeline observable and repairable — the alarm topic and e-mails, the
 * DLQ archiver on every DLQ, the operator-invoked reprocess Lambda, the alarms and the stage's dashboard.
 * It takes what it watches as props, so each new piece (the loader) is wired in with one line.
 */
import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { LAKE_PREFIXES } from "../../schemas/lake-layout.js";
import { logRetentionOf, removalPolicyOf } from "../config/cdk.js";
import type { StageConfig } from "../config/index.js";
import type { LakeNames } from "../config/names.js";
import { Alerting } from "../constructs/alerting.js";
import { PipelineDashboard } from "../constructs/dashboard.js";
import { DeadLetterArchive } from "../constructs/dlq-archiver.js";
import { ErrorReprocessor } from "../constructs/error-reprocessor.js";
import { ERROR_OBJECTS_METRICS_ID } from "../constructs/lake.js";
import { PipelineAlarms, type WatchedFunction } from "../constructs/pipeline-alarms.js";

/** The loader's parts the operations stack watches (issue 7's LakeLoader provides them). */
export interface WatchedLoader {
  readonly function: lambda.Function;
  readonly deadLetterQueue: sqs.IQueue;
}

/** Props of {@link OperationsStack}. */
export interface OperationsStackProps extends StackProps {
  readonly config: StageConfig;
  readonly names: LakeNames;
  readonly lakeKey: kms.IKey;
  /** The Firehose transform Lambda. */
  readonly transform: lambda.Function;
  /** The loader, once deployed. @default - no loader alarms, no load DLQ */
  readonly loader?: WatchedLoader;
}

const watched = (label: string, fn: lambda.Function): WatchedFunction => ({
  label,
  function: fn,
  timeout: fn.timeout ?? Duration.seconds(3),
});

/** Alerting + DeadLetterArchive + ErrorReprocessor + PipelineAlarms + PipelineDashboard. */
export class OperationsStack extends Stack {
  readonly alerting: Alerting;
  readonly archive: DeadLetterArchive;
  readonly reprocessor: ErrorReprocessor;
  readonly alarms: PipelineAlarms;
  readonly dashboard: PipelineDashboard;

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, props);
    const { config, names } = props;
    const removalPolicy = removalPolicyOf(config);
    const lakeBucket = s3.Bucket.fromBucketAttributes(this, "LakeBucket", {
      bucketName: names.lakeBucket,
      encryptionKey: props.lakeKey,
    });
    const common = {
      metricsNamespace: names.metricsNamespace,
      logLevel: config.logLevel,
      logRetention: logRetentionOf(config),
    };
    this.alerting = new Alerting(this, "Alerting", {
      topicName: `${names.stem}-alarms`,
      emails: config.alarmEmails,
      keyAlias: names.stem,
      removalPolicy,
    });
    this.archive = new DeadLetterArchive(this, "DeadLetterArchive", {
      ...common,
      lakeBucket,
      lakeKey: props.lakeKey,
      prefix: LAKE_PREFIXES.pipelineFailures,
      topic: this.alerting.topic,
      topicKey: this.alerting.key,
      logRemovalPolicy: removalPolicy,
      logKey: this.alerting.key,
    });
    this.reprocessor = new ErrorReprocessor(this, "ErrorReprocessor", {
      ...common,
      lakeBucket,
      lakeKey: props.lakeKey,
      deliveryStreamName: names.deliveryStream,
      roleName: names.reprocessRole,
      queueKey: this.alerting.key,
      logKey: this.alerting.key,
      removalPolicy,
    });
    const dlqs = [{ label: "reprocess-dlq", queue: this.reprocessor.deadLetterQueue as sqs.IQueue }];
    if (props.loader) dlqs.push({ label: "load-dlq", queue: props.loader.deadLetterQueue });
    for (const d of dlqs) this.archive.watch(d.queue);

    const functions = [
      watched("transform", props.transform),
      watched("dlq-archiver", this.archive.function.function),
      watched("reprocess", this.reprocessor.function.function),
      ...(props.loader ? [watched("loader", props.loader.function)] : []),
    ];
    const compute = config.warehouse.compute;
    this.alarms = new PipelineAlarms(this, "Alarms", {
      namePrefix: names.stem,
      action: this.alerting.action,
      thresholds: config.alarms,
      metricsNamespace: names.metricsNamespace,
      deliveryStreamName: names.deliveryStream,
      functions,
      deadLetterQueues: dlqs,
      errorObjects: { bucketName: names.lakeBucket, filterId: ERROR_OBJECTS_METRICS_ID },
      warehouse: { kind: compute.kind, name: `${names.stem}-warehouse` },
      loader: props.loader !== undefined,
    });
    const period = Duration.minutes(config.alarms.periodMinutes);
    const emf = (service: string, metricName: string) =>
      new cloudwatch.Metric({
        namespace: names.metricsNamespace,
        metricName,
        dimensionsMap: { service },
        statistic: "Sum",
        period,
      });
    this.dashboard = new PipelineDashboard(this, "Dashboard", {
      dashboardName: names.stem,
      alarms: this.alarms.alarms,
      throughput: [emf("transform", "LogEvents"), ...(props.loader ? [emf("loader", "RowsLoaded")] : [])],
    });

    new CfnOutput(this, "AlarmTopicArn", { value: this.alerting.topic.topicArn });
    new CfnOutput(this, "ReprocessFunctionName", { value: this.reprocessor.function.function.functionName });
    new CfnOutput(this, "DlqArchiverFunctionName", { value: this.archive.function.function.functionName });
    new CfnOutput(this, "DashboardName", { value: names.stem });
  }
}
