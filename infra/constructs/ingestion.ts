/**
 * Ingestion: CloudWatch Logs records → Firehose → transform Lambda → Parquet in the curated zone,
 * dynamically partitioned by the Lambda's dt/hour keys; source records backed up to the raw zone;
 * failures under errors/; stream SSE with a CMK; delivery errors logged to CloudWatch Logs.
 */
import { Duration, RemovalPolicy, Size, Stack, TimeZone } from "aws-cdk-lib";
import type * as glue from "aws-cdk-lib/aws-glue";
import * as iam from "aws-cdk-lib/aws-iam";
import * as firehose from "aws-cdk-lib/aws-kinesisfirehose";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { FIREHOSE_PREFIXES, LAKE_PREFIXES } from "../../schemas/lake-layout.js";
import { FirehoseDeliveryRole } from "./delivery-role.js";
import { allowCloudWatchLogs, PipelineKey } from "./keys.js";
import { acknowledge, acknowledgeControls, acknowledgeShortLogRetention } from "./nag.js";
import { PipelineFunction, type PipelineLogLevel } from "./pipeline-function.js";
import { TransformProcessor } from "./transform-processor.js";

/** Firehose buffering (destination and transform input). */
export interface IngestionBuffering {
  readonly bufferSizeMiB: number;
  readonly bufferIntervalSeconds: number;
  readonly processorBufferSizeMB: number;
  readonly processorBufferIntervalSeconds: number;
}

/** Props of {@link Ingestion}. */
export interface IngestionProps {
  readonly lakeBucket: s3.IBucket;
  /** The lake's CMK (objects Firehose writes are encrypted with it). */
  readonly lakeKey: kms.IKey;
  /** The Glue table whose columns are the Parquet schema. */
  readonly table: glue.CfnTable;
  /** Explicit stream name: the transform's own-stream policy is built from it (no reference cycle). */
  readonly deliveryStreamName: string;
  /** Physical name of the Firehose role (the lake bucket policy lets it write and read by name). */
  readonly firehoseRoleName: string;
  readonly buffering: IngestionBuffering;
  /** IANA zone of the dt/hour partitions and of Firehose's timestamp prefixes. */
  readonly partitionTimeZone: string;
  /** Existing masking key secret. @default - a generated 64-character secret encrypted with a new CMK */
  readonly maskingSecret?: secretsmanager.ISecret;
  /** The customer-managed key of {@link IngestionProps.maskingSecret}. @default - aws/secretsmanager (no grant needed) */
  readonly maskingSecretKeyArn?: string;
  /** BUSINESS_RULES_JSON for the transform. @default - the transform's defaults */
  readonly businessRulesJson?: string;
  readonly keyAlias: string;
  readonly metricsNamespace: string;
  readonly logLevel: PipelineLogLevel;
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Firehose delivery stream with the transform Lambda and the masking key secret. */
export class Ingestion extends Construct {
  readonly deliveryStream: firehose.DeliveryStream;
  readonly transform: PipelineFunction;
  readonly maskingSecret: secretsmanager.ISecret;
  /** CMK for the stream's SSE, the masking secret and the ingestion log groups. */
  readonly key: kms.Key;
  /** The role Firehose assumes (S3, KMS, Glue, Lambda, logs). */
  readonly firehoseRole: iam.Role;

  constructor(scope: Construct, id: string, props: IngestionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.key = new PipelineKey(this, "Key", {
      alias: `${props.keyAlias}-ingestion`,
      description: "Onboarding Log Lake: Firehose stream SSE and the masking key secret",
      removalPolicy,
    }).key;
    // The transform's and Firehose's log groups can carry log lines with personal data.
    allowCloudWatchLogs(this.key);

    if (props.maskingSecret) {
      this.maskingSecret = props.maskingSecret;
    } else {
      const secret = new secretsmanager.Secret(this, "MaskingKey", {
        description: "HMAC key the transform uses to pseudonymise personal data",
        encryptionKey: this.key,
        generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
        removalPolicy,
      });
      acknowledge(
        secret,
        "Rotating the HMAC masking key changes every pseudonym and breaks joins across time; it is rotated as a planned, manual operation.",
        "AwsSolutions-SMG4",
      );
      this.maskingSecret = secret;
    }

    const streamArn = stack.formatArn({
      service: "firehose",
      resource: "deliverystream",
      resourceName: props.deliveryStreamName,
    });
    this.transform = new PipelineFunction(this, "Transform", {
      entry: "handlers/transform.ts",
      description: "Firehose transform: CloudWatch Logs records to masked log_events rows",
      serviceName: "transform",
      metricsNamespace: props.metricsNamespace,
      logLevel: props.logLevel,
      logRetention: props.logRetention,
      logEncryptionKey: this.key,
      logRemovalPolicy: removalPolicy,
      timeout: Duration.minutes(2),
      memorySize: 1024,
      environment: {
        PARTITION_TIME_ZONE: props.partitionTimeZone,
        MASKING_KEY_SECRET_ARN: this.maskingSecret.secretArn,
        DELIVERY_STREAM_NAME: props.deliveryStreamName,
        ...(props.businessRulesJson ? { BUSINESS_RULES_JSON: props.businessRulesJson } : {}),
      },
    });
    acknowledgeControls(
      this.transform.function,
      "Firehose invokes the transform; it only calls Secrets Manager and its own Firehose stream, so a VPC would add interface endpoints and ENIs without keeping any traffic private that is not already TLS to AWS APIs.",
      "lambda_inside_vpc_check",
    );
    this.maskingSecret.grantRead(this.transform.role);
    if (props.maskingSecretKeyArn) {
      // An existing secret under a customer key: reading it decrypts with that key, through Secrets Manager only.
      this.transform.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ["kms:Decrypt"],
          resources: [props.maskingSecretKeyArn],
          conditions: { StringEquals: { "kms:ViaService": `secretsmanager.${stack.region}.amazonaws.com` } },
        }),
      );
    }
    // Re-ingest of records too large for one response: its own stream only.
    this.transform.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ["firehose:PutRecordBatch"], resources: [streamArn] }),
    );

    const logGroup = new logs.LogGroup(this, "DeliveryLogs", {
      retention: props.logRetention,
      encryptionKey: this.key,
      removalPolicy,
    });
    acknowledgeShortLogRetention(logGroup, props.logRetention);
    const fn = this.transform.function;
    const delivery = new FirehoseDeliveryRole(this, "Delivery", {
      roleName: props.firehoseRoleName,
      lakeBucket: props.lakeBucket,
      lakeKey: props.lakeKey,
      writePrefixes: [LAKE_PREFIXES.logEvents, LAKE_PREFIXES.raw, LAKE_PREFIXES.errors],
      transform: fn,
      glueDatabase: props.table.databaseName,
      glueTable: (props.table.tableInput as glue.CfnTable.TableInputProperty).name ?? "log_events",
      logGroup,
    });
    this.firehoseRole = delivery.role;
    const b = props.buffering;
    this.deliveryStream = new firehose.DeliveryStream(this, "Stream", {
      deliveryStreamName: props.deliveryStreamName,
      role: delivery.forStream,
      encryption: firehose.StreamEncryption.customerManagedKey(this.key),
      destination: new firehose.S3Bucket(props.lakeBucket, {
        role: delivery.forStream,
        processors: [
          new TransformProcessor(fn, {
            bufferSizeMB: b.processorBufferSizeMB,
            bufferInterval: Duration.seconds(b.processorBufferIntervalSeconds),
          }),
        ],
        dynamicPartitioning: { enabled: true, retryDuration: Duration.minutes(5) },
        dataFormatConversion: {
          schemaConfiguration: firehose.SchemaConfiguration.fromCfnTable(props.table),
          inputFormat: new firehose.OpenXJsonInputFormat(),
          outputFormat: new firehose.ParquetOutputFormat({ compression: firehose.ParquetCompression.SNAPPY }),
        },
        dataOutputPrefix: FIREHOSE_PREFIXES.curated,
        errorOutputPrefix: FIREHOSE_PREFIXES.errors,
        bufferingSize: Size.mebibytes(b.bufferSizeMiB),
        bufferingInterval: Duration.seconds(b.bufferIntervalSeconds),
        encryptionKey: props.lakeKey,
        timeZone: TimeZone.of(props.partitionTimeZone),
        loggingConfig: new firehose.EnableLogging(logGroup),
        s3Backup: {
          mode: firehose.BackupMode.ALL,
          bucket: props.lakeBucket,
          dataOutputPrefix: FIREHOSE_PREFIXES.raw,
          errorOutputPrefix: FIREHOSE_PREFIXES.rawErrors,
          bufferingSize: Size.mebibytes(b.bufferSizeMiB),
          bufferingInterval: Duration.seconds(b.bufferIntervalSeconds),
          encryptionKey: props.lakeKey,
          loggingConfig: new firehose.EnableLogging(logGroup),
        },
      }),
    });

    // The immutable role hides the policy from the L2: order the stream after it explicitly.
    this.deliveryStream.node.addDependency(delivery.role);
  }
}
