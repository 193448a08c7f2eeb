/**
 * LakeLoader (LakeToRedshift's loading half): S3 Object Created events of the curated `log_events` prefix →
 * EventBridge rule → SQS load queue (CMK, TLS only, DLQ) → the loader Lambda in the VPC's isolated subnets
 * through an event source mapping that gathers large batches (few, large COPYs: the seed's lesson) and
 * reports partial failures. Least-privilege access to the Data API, the manifests prefix and the keys.
 */
import { Aws, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as sources from "aws-cdk-lib/aws-lambda-event-sources";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { LAKE_PREFIXES } from "../../schemas/lake-layout.js";
import { allowCloudWatchLogs, PipelineKey } from "./keys.js";
import { grantLoaderAccess } from "./loader-access.js";
import { acknowledgeControls } from "./nag.js";
import { PipelineFunction, type PipelineLogLevel } from "./pipeline-function.js";

/** How the loader reaches Redshift through the Data API. */
export type LoaderWarehouse =
  | { readonly kind: "serverless"; readonly workgroupName: string; readonly workgroupArn: string }
  | {
      readonly kind: "provisioned";
      readonly clusterIdentifier: string;
      readonly clusterArn: string;
      /** Credentials the Data API signs in with (and the key that encrypts them). */
      readonly secret: secretsmanager.ISecret;
      readonly secretKey: kms.IKey;
    };

/** Batching of the event source mapping and the loader's limits (config `loader`). */
export interface LoaderBatching {
  /** Messages per invocation (1-10,000). */
  readonly batchSize: number;
  /** Seconds the mapping gathers messages before invoking (0-300). */
  readonly maxBatchingWindowSeconds: number;
  /** Most concurrent invocations (2-1000): keeps COPYs few. */
  readonly maxConcurrency: number;
  /** Loader timeout; the queue's visibility timeout is 6× this. */
  readonly timeoutSeconds: number;
  readonly memoryMiB: number;
  /** Receives before a message moves to the DLQ. */
  readonly maxReceiveCount: number;
}

/** Props of {@link LakeLoader}. */
export interface LakeLoaderProps {
  /** Name of the load queue (the DLQ adds `-dlq`), e.g. `loglake-dev-load`. */
  readonly queueName: string;
  /** Name of the loader's role; with Serverless IAM sign-in its database user is `IAMR:<roleName>`. */
  readonly roleName: string;
  readonly lakeBucket: s3.IBucket;
  /** The lake CMK (manifests are written SSE-KMS with it). */
  readonly lakeKey: kms.IKey;
  readonly vpc: ec2.IVpc;
  /** Literal VPC CIDR (egress rule; a token would defeat static checks). */
  readonly vpcCidr: string;
  readonly warehouse: LoaderWarehouse;
  readonly databaseName: string;
  /** Role Redshift assumes for COPY (COPY_ROLE_ARN). */
  readonly copyRole: iam.IRole;
  readonly batching: LoaderBatching;
  readonly keyAlias: string;
  readonly metricsNamespace: string;
  /** @default "INFO" */
  readonly logLevel?: PipelineLogLevel;
  readonly logRetention: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Queue, DLQ, rule and loader function. */
export class LakeLoader extends Construct {
  readonly key: kms.Key;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly rule: events.Rule;
  readonly function: PipelineFunction;

  constructor(scope: Construct, id: string, props: LakeLoaderProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const b = props.batching;
    this.key = new PipelineKey(this, "Key", {
      alias: `${props.keyAlias}-loading`,
      description: "Onboarding Log Lake: load queue, its dead-letter queue and the loader's logs",
      removalPolicy,
    }).key;
    allowCloudWatchLogs(this.key);
    const queueDefaults = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      dataKeyReuse: Duration.hours(1),
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    };
    const queueArn = Stack.of(this).formatArn({ service: "sqs", resource: props.queueName });
    this.deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      ...queueDefaults,
      queueName: `${props.queueName}-dlq`,
      // Only the load queue may redrive here (by its deterministic ARN: a reference would be a cycle).
      redriveAllowPolicy: {
        redrivePermission: sqs.RedrivePermission.BY_QUEUE,
        sourceQueues: [sqs.Queue.fromQueueArn(this, "LoadQueueArn", queueArn)],
      },
    });
    this.queue = new sqs.Queue(this, "Queue", {
      ...queueDefaults,
      queueName: props.queueName,
      // AWS's guidance for SQS event sources: at least 6× the function timeout, so a slow invocation's
      // messages do not reappear while it still works on them.
      visibilityTimeout: Duration.seconds(6 * b.timeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: b.maxReceiveCount },
    });

    this.rule = new events.Rule(this, "CuratedObjectCreated", {
      description: "Curated log_events objects to the load queue",
      eventPattern: {
        source: ["aws.s3"],
        detailType: ["Object Created"],
        detail: {
          bucket: { name: [props.lakeBucket.bucketName] },
          object: { key: [{ prefix: LAKE_PREFIXES.logEvents }] },
        },
      },
    });
    this.sendFromRule();

    const securityGroup = new ec2.SecurityGroup(this, "SecurityGroup", {
      vpc: props.vpc,
      description: "Loader: HTTPS to the VPC endpoints only",
      allowAllOutbound: false,
    });
    // Interface endpoints live in the VPC CIDR; S3 is reached through the gateway endpoint, whose prefix
    // list id is only known at deploy time. The isolated subnets have no other route out.
    securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(443), "VPC interface endpoints");
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), "S3 through the gateway endpoint");

    this.function = new PipelineFunction(this, "Loader", {
      entry: "handlers/loader.ts",
      description: "Onboarding Log Lake: loads SQS micro-batches of curated objects into Redshift, one COPY each",
      serviceName: "loader",
      roleName: props.roleName,
      metricsNamespace: props.metricsNamespace,
      logLevel: props.logLevel,
      logRetention: props.logRetention,
      logEncryptionKey: this.key,
      logRemovalPolicy: removalPolicy,
      timeout: Duration.seconds(b.timeoutSeconds),
      memorySize: b.memoryMiB,
      vpc: props.vpc,
      securityGroups: [securityGroup],
      environment: {
        WAREHOUSE_DATABASE: props.databaseName,
        ...(props.warehouse.kind === "serverless"
          ? { WAREHOUSE_WORKGROUP: props.warehouse.workgroupName }
          : {
              WAREHOUSE_CLUSTER_ID: props.warehouse.clusterIdentifier,
              WAREHOUSE_SECRET_ARN: props.warehouse.secret.secretArn,
            }),
        COPY_ROLE_ARN: props.copyRole.roleArn,
        MANIFEST_BUCKET: props.lakeBucket.bucketName,
        MANIFEST_PREFIX: LAKE_PREFIXES.manifests,
        WAREHOUSE_SCHEMA: "logs",
        TARGET_TABLE: "log_events",
      },
    });
    acknowledgeControls(
      this.function.function,
      "The loader runs in the VPC's isolated subnets with its own security group (see VpcConfig); the subnet ids are imports from the network stack, which the offline rule cannot resolve.",
      "lambda_inside_vpc_check",
    );
    this.function.function.addEventSource(
      new sources.SqsEventSource(this.queue, {
        batchSize: b.batchSize,
        maxBatchingWindow: Duration.seconds(b.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
        maxConcurrency: b.maxConcurrency,
      }),
    );
    grantLoaderAccess(this.function.role, props);
  }

  /**
   * The rule → queue target, written out: the stock SqsQueue target drops its `aws:SourceArn` condition for
   * a CMK-encrypted queue in an environment-agnostic stack (it would allow any rule anywhere). Here both
   * queues accept messages from this rule only, and the key lets EventBridge encrypt for this account only
   * (the rule's ARN in the key policy would be a cycle: key → queue → rule → key).
   */
  private sendFromRule(): void {
    const events = new iam.ServicePrincipal("events.amazonaws.com");
    // Deliveries EventBridge cannot make end in the DLQ too, so no announcement is lost silently.
    this.rule.addTarget({
      bind: () => ({
        id: "LoadQueue",
        arn: this.queue.queueArn,
        deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
        targetResource: this.queue,
      }),
    });
    for (const queue of [this.queue, this.deadLetterQueue]) {
      queue.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: "SendFromTheCuratedRule",
          principals: [events],
          actions: ["sqs:SendMessage"],
          resources: [queue.queueArn],
          conditions: { ArnEquals: { "aws:SourceArn": this.rule.ruleArn } },
        }),
      );
    }
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "EventBridgeEncryptsLoadMessages",
        principals: [events],
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
  }
}
