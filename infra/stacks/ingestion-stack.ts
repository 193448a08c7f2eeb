/** IngestionStack: transform Lambda, Firehose stream and the log-group subscriptions. */
import { CfnOutput, Stack, type StackProps, Validations } from "aws-cdk-lib";
import type * as glue from "aws-cdk-lib/aws-glue";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { logRetentionOf, removalPolicyOf } from "../config/cdk.js";
import type { StageConfig } from "../config/index.js";
import type { LakeNames } from "../config/names.js";
import { Ingestion } from "../constructs/ingestion.js";
import { LogsToFirehose } from "../constructs/log-subscriptions.js";

/** Props of {@link IngestionStack}. */
export interface IngestionStackProps extends StackProps {
  readonly config: StageConfig;
  readonly names: LakeNames;
  readonly lakeKey: kms.IKey;
  readonly table: glue.CfnTable;
}

/** Ingestion + LogsToFirehose. The lake bucket is addressed by its deterministic name. */
export class IngestionStack extends Stack {
  readonly ingestion: Ingestion;
  readonly subscriptions: LogsToFirehose;

  constructor(scope: Construct, id: string, props: IngestionStackProps) {
    super(scope, id, props);
    const { config, names } = props;
    const lakeBucket = s3.Bucket.fromBucketAttributes(this, "LakeBucket", {
      bucketName: names.lakeBucket,
      encryptionKey: props.lakeKey,
    });
    const maskingSecret =
      config.masking.source === "existing"
        ? secretsmanager.Secret.fromSecretCompleteArn(this, "MaskingKey", config.masking.secretArn)
        : undefined;
    this.ingestion = new Ingestion(this, "Ingestion", {
      lakeBucket,
      lakeKey: props.lakeKey,
      table: props.table,
      deliveryStreamName: names.deliveryStream,
      firehoseRoleName: names.firehoseRole,
      buffering: config.firehose,
      partitionTimeZone: config.partitionTimeZone,
      maskingSecret,
      maskingSecretKeyArn: config.masking.source === "existing" ? config.masking.keyArn : undefined,
      businessRulesJson: config.businessRulesJson,
      keyAlias: names.stem,
      metricsNamespace: names.metricsNamespace,
      logLevel: config.logLevel,
      logRetention: logRetentionOf(config),
      removalPolicy: removalPolicyOf(config),
    });
    this.subscriptions = new LogsToFirehose(this, "LogsToFirehose", {
      deliveryStream: this.ingestion.deliveryStream,
      logGroups: config.logGroups,
      filterName: `${names.stem}-log-lake`,
    });
    Validations.of(this).acknowledge({
      id: "CloudFormation-Validate::W7001",
      reason: "The stable Firehose L2 always adds its regional CIDR mapping (used only for Redshift/VPC destinations).",
    });
    new CfnOutput(this, "DeliveryStreamName", { value: this.ingestion.deliveryStream.deliveryStreamName });
    new CfnOutput(this, "MaskingSecretArn", { value: this.ingestion.maskingSecret.secretArn });
    new CfnOutput(this, "TransformFunctionName", { value: this.ingestion.transform.function.functionName });
  }
}
