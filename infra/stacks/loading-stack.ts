/** LoadingStack: the lake → Redshift loader (rule, load queue, DLQ, loader Lambda) and the nightly maintenance. */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { logRetentionOf, removalPolicyOf } from "../config/cdk.js";
import type { StageConfig } from "../config/index.js";
import type { LakeNames } from "../config/names.js";
import { LakeLoader, type LoaderWarehouse } from "../constructs/lake-loader.js";
import type { Warehouse } from "../constructs/warehouse.js";
import { WarehouseMaintenance } from "../constructs/warehouse-maintenance.js";

/** Props of {@link LoadingStack}. */
export interface LoadingStackProps extends StackProps {
  readonly config: StageConfig;
  readonly names: LakeNames;
  readonly vpc: ec2.IVpc;
  readonly lakeKey: kms.IKey;
  readonly warehouse: Warehouse;
}

/** Composes {@link LakeLoader}; the lake bucket is addressed by its deterministic name. */
export class LoadingStack extends Stack {
  readonly loader: LakeLoader;
  readonly maintenance: WarehouseMaintenance;

  constructor(scope: Construct, id: string, props: LoadingStackProps) {
    super(scope, id, props);
    const { config, names, warehouse } = props;
    const endpoint = warehouse.dataApi;
    const loaderTarget = (): LoaderWarehouse => {
      if (endpoint.kind === "serverless") return endpoint;
      if (!warehouse.loaderSecret)
        throw new Error("a provisioned warehouse has a loader secret (Warehouse.loaderSecret)");
      // The loader's own user (created by the warehouse setup), never the admin.
      return { ...endpoint, secret: warehouse.loaderSecret, secretKey: warehouse.key };
    };
    const target = loaderTarget();
    this.loader = new LakeLoader(this, "Loader", {
      queueName: names.loadQueue,
      roleName: names.loaderRole,
      lakeBucket: s3.Bucket.fromBucketName(this, "LakeBucket", names.lakeBucket),
      lakeKey: props.lakeKey,
      vpc: props.vpc,
      vpcCidr: config.network.cidr,
      warehouse: target,
      databaseName: warehouse.databaseName,
      copyRole: warehouse.copyRole,
      batching: config.loader,
      keyAlias: names.stem,
      metricsNamespace: names.metricsNamespace,
      logLevel: config.logLevel,
      logRetention: logRetentionOf(config),
      removalPolicy: removalPolicyOf(config),
    });
    this.maintenance = new WarehouseMaintenance(this, "Maintenance", {
      warehouseArn: endpoint.kind === "serverless" ? endpoint.workgroupArn : endpoint.clusterArn,
      databaseName: warehouse.databaseName,
      adminSecret: secretsmanager.Secret.fromSecretCompleteArn(this, "AdminSecret", warehouse.adminSecretArn),
      secretKey: warehouse.key,
      table: '"logs"."log_events"',
      vacuumSchedule: config.maintenance.vacuumSchedule,
      analyzeSchedule: config.maintenance.analyzeSchedule,
    });
    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out("LoadQueueUrl", this.loader.queue.queueUrl, "SQS queue of curated objects to load");
    out("LoadDeadLetterQueueUrl", this.loader.deadLetterQueue.queueUrl, "Messages the loader could not load");
    out("LoaderFunctionName", this.loader.function.function.functionName, "Loader Lambda");
  }
}
