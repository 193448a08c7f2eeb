/**
 * WarehouseStack: Redshift (provisioned or Serverless), COPY role, the user secrets and the warehouse setup
 * custom resource (so the warehouse is set up before the loading stack, which depends on this one, deploys).
 */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { logRetentionOf, removalPolicyOf, warehouseEgressPeerOf } from "../config/cdk.js";
import type { StageConfig } from "../config/index.js";
import type { LakeNames } from "../config/names.js";
import { Warehouse } from "../constructs/warehouse.js";
import { WarehouseSetup } from "../constructs/warehouse-setup.js";

/** Props of {@link WarehouseStack}. */
export interface WarehouseStackProps extends StackProps {
  readonly config: StageConfig;
  readonly names: LakeNames;
  readonly vpc: ec2.IVpc;
  readonly lakeKey: kms.IKey;
}

/** Composes {@link Warehouse} and {@link WarehouseSetup}; the lake bucket is addressed by its deterministic name. */
export class WarehouseStack extends Stack {
  readonly warehouse: Warehouse;
  readonly setup: WarehouseSetup;

  constructor(scope: Construct, id: string, props: WarehouseStackProps) {
    super(scope, id, props);
    const { config, names } = props;
    const w = config.warehouse;
    this.warehouse = new Warehouse(this, "Warehouse", {
      name: names.warehouse,
      compute: w.compute,
      vpc: props.vpc,
      lakeBucket: s3.Bucket.fromBucketName(this, "LakeBucket", names.lakeBucket),
      lakeKey: props.lakeKey,
      databaseName: w.databaseName,
      adminUsername: w.adminUsername,
      readerUsername: w.readerUsername,
      loaderUsername: w.loaderUsername,
      port: w.port,
      clientCidrs: [config.network.cidr, ...w.allowedCidrs],
      egressPeer: warehouseEgressPeerOf(config),
      keyAlias: names.stem,
      logRetention: logRetentionOf(config),
      removalPolicy: removalPolicyOf(config),
    });
    const wh = this.warehouse;
    this.setup = new WarehouseSetup(this, "Setup", {
      dataApi: wh.dataApi,
      databaseName: wh.databaseName,
      adminSecretArn: wh.adminSecretArn,
      readerSecretArn: wh.readerSecret.secretArn,
      readerUsername: w.readerUsername,
      // Provisioned: a user of its own from the loader secret; Serverless: the loader's role (IAM sign-in).
      loader: wh.loaderSecret
        ? { kind: "secret", secretArn: wh.loaderSecret.secretArn, username: w.loaderUsername }
        : { kind: "iam", dbUser: `IAMR:${names.loaderRole}` },
      key: wh.key,
      vpc: props.vpc,
      vpcCidr: config.network.cidr,
      dependsOn: [wh.compute, wh.readerSecret, ...(wh.loaderSecret ? [wh.loaderSecret] : [])],
      metricsNamespace: names.metricsNamespace,
      logLevel: config.logLevel,
      logRetention: logRetentionOf(config),
      removalPolicy: removalPolicyOf(config),
    });
    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out("WarehouseEndpoint", this.warehouse.endpointAddress, "Redshift endpoint host (Power BI server)");
    out("WarehousePort", this.warehouse.endpointPort, "Redshift port");
    out("WarehouseDatabase", this.warehouse.databaseName, "Database Power BI opens");
    out("WarehouseAdminSecretArn", this.warehouse.adminSecretArn, "Admin credentials (break-glass, DDL)");
    out("WarehouseReaderSecretArn", this.warehouse.readerSecret.secretArn, "BI reader credentials (Power BI)");
    if (wh.loaderSecret)
      out(
        "WarehouseLoaderSecretArn",
        wh.loaderSecret.secretArn,
        "Loader credentials (provisioned; the Data API signs in with them)",
      );
    out("WarehouseCopyRoleArn", this.warehouse.copyRole.roleArn, "IAM role for COPY from the curated zone");
  }
}
