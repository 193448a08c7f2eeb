/** LakeStack: lake storage, the Glue/Athena catalog and (optionally) the CloudTrail trail. */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { removalPolicyOf, unmaskedReadersOf } from "../config/cdk.js";
import type { StageConfig } from "../config/index.js";
import type { LakeNames } from "../config/names.js";
import { AuditTrail } from "../constructs/audit-trail.js";
import { Catalog } from "../constructs/catalog.js";
import { Lake } from "../constructs/lake.js";

/** Props of {@link LakeStack}. */
export interface LakeStackProps extends StackProps {
  readonly config: StageConfig;
  readonly names: LakeNames;
}

/** Lake + Catalog (+ AuditTrail when `cloudTrail.enabled`). */
export class LakeStack extends Stack {
  readonly lake: Lake;
  readonly catalog: Catalog;
  readonly auditTrail?: AuditTrail;

  constructor(scope: Construct, id: string, props: LakeStackProps) {
    super(scope, id, props);
    const { config, names } = props;
    const removalPolicy = removalPolicyOf(config);
    this.lake = new Lake(this, "Lake", {
      bucketName: names.lakeBucket,
      accessLogsBucketName: names.accessLogsBucket,
      keyAlias: names.stem,
      retention: config.retention,
      unmaskedReaders: unmaskedReadersOf(config, names),
      removalPolicy,
    });
    this.catalog = new Catalog(this, "Catalog", {
      bucket: this.lake.bucket,
      key: this.lake.key,
      databaseName: names.glueDatabase,
      tableName: names.glueTable,
      workgroupName: names.athenaWorkgroup,
      bytesScannedCutoffMiB: config.athena.bytesScannedCutoffMiB,
      firstDate: config.lakeStartDate,
      removalPolicy,
    });
    if (config.cloudTrail.enabled) {
      this.auditTrail = new AuditTrail(this, "AuditTrail", {
        trailName: `${names.stem}-trail`,
        bucketName: names.trailBucket,
        accessLogsBucket: this.lake.accessLogsBucket,
        dataEventBuckets: [this.lake.bucket],
        keyAlias: names.stem,
        removalPolicy,
      });
      new CfnOutput(this, "TrailBucketName", { value: this.auditTrail.bucket.bucketName });
    }
    new CfnOutput(this, "LakeBucketName", {
      value: this.lake.bucket.bucketName,
      description: "Lake bucket (all zones)",
    });
    new CfnOutput(this, "AccessLogsBucketName", { value: this.lake.accessLogsBucket.bucketName });
    new CfnOutput(this, "LakeKeyArn", { value: this.lake.key.keyArn });
    new CfnOutput(this, "GlueDatabaseName", { value: names.glueDatabase });
    new CfnOutput(this, "AthenaWorkgroupName", { value: names.athenaWorkgroup });
  }
}
