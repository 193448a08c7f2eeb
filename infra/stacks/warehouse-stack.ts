/** WarehouseStack: Redshift (provisioned or Serverless), COPY role and the BI reader secret. */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { logRetentionOf, removalPolicyOf, warehouseEgressPeerOf } from "../config/cdk.js";
import type { StageConfig } from "../config/index.js";
import type { LakeNames } from "../config/names.js";
import { Warehouse } from "../constructs/warehouse.js";

/** Props of {@link WarehouseStack}. */
export interface WarehouseStackProps extends StackProps {
  readonly config: StageConfig;
  readonly names: LakeNames;
  readonly vpc: ec2.IVpc;
  readonly lakeKey: kms.IKey;
}

/** Composes {@link Warehouse}; the lake bucket is addressed by its deterministic name. */
export class WarehouseStack extends Stack {
  readonly warehouse: Warehouse;

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
      port: w.port,
      clientCidrs: [config.network.cidr, ...w.allowedCidrs],
      egressPeer: warehouseEgressPeerOf(config),
      keyAlias: names.stem,
      logRetention: logRetentionOf(config),
      removalPolicy: removalPolicyOf(config),
    });
    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out("WarehouseEndpoint", this.warehouse.endpointAddress, "Redshift endpoint host (Power BI server)");
    out("WarehousePort", this.warehouse.endpointPort, "Redshift port");
    out("WarehouseDatabase", this.warehouse.databaseName, "Database Power BI opens");
    out("WarehouseAdminSecretArn", this.warehouse.adminSecretArn, "Admin credentials (break-glass, DDL)");
    out("WarehouseReaderSecretArn", this.warehouse.readerSecret.secretArn, "BI reader credentials (Power BI)");
    out("WarehouseCopyRoleArn", this.warehouse.copyRole.roleArn, "IAM role for COPY from the curated zone");
  }
}
