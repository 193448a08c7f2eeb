/**
 * Catalog: the Glue database and the `log_events` table generated from the column catalog
 * (Parquet SerDe, partitioned by dt/hour with Athena partition projection), and the Athena
 * workgroup analysts use (encrypted results in the analytics zone, per-query scan cutoff).
 */
import { Stack } from "aws-cdk-lib";
import * as athena from "aws-cdk-lib/aws-athena";
import * as glue from "aws-cdk-lib/aws-glue";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { glueColumns, gluePartitionKeys, PARQUET_STORAGE, partitionProjection } from "../../schemas/glue.js";
import { LAKE_PREFIXES } from "../../schemas/lake-layout.js";

/** Props of {@link Catalog}. */
export interface CatalogProps {
  readonly bucket: s3.IBucket;
  /** Key for Athena query results. */
  readonly key: kms.IKey;
  readonly databaseName: string;
  /** @default "log_events" */
  readonly tableName?: string;
  readonly workgroupName: string;
  /** Per-query scan cutoff in MiB (Athena minimum: 10 MB). */
  readonly bytesScannedCutoffMiB: number;
  /** First dt of the partition projection range, yyyy-MM-dd. */
  readonly firstDate: string;
}

/** Glue database + `log_events` table + Athena workgroup. */
export class Catalog extends Construct {
  readonly database: glue.CfnDatabase;
  /** The table Firehose converts records with (its columns are the Parquet schema). */
  readonly table: glue.CfnTable;
  readonly workgroup: athena.CfnWorkGroup;
  readonly databaseName: string;
  readonly tableName: string;

  constructor(scope: Construct, id: string, props: CatalogProps) {
    super(scope, id);
    this.databaseName = props.databaseName;
    this.tableName = props.tableName ?? "log_events";
    const catalogId = Stack.of(this).account;
    this.database = new glue.CfnDatabase(this, "Database", {
      catalogId,
      databaseInput: { name: props.databaseName, description: "Onboarding Log Lake (curated zone)" },
    });

    const location = `s3://${props.bucket.bucketName}/${LAKE_PREFIXES.logEvents}`;
    this.table = new glue.CfnTable(this, "LogEvents", {
      catalogId,
      databaseName: props.databaseName,
      tableInput: {
        name: this.tableName,
        description: "One row per CloudWatch Logs event of the onboarding app (generated from schemas/catalog.ts)",
        tableType: "EXTERNAL_TABLE",
        partitionKeys: gluePartitionKeys(),
        parameters: {
          classification: "parquet",
          EXTERNAL: "TRUE",
          "parquet.compression": "SNAPPY",
          ...partitionProjection(location, props.firstDate),
        },
        storageDescriptor: {
          location,
          inputFormat: PARQUET_STORAGE.inputFormat,
          outputFormat: PARQUET_STORAGE.outputFormat,
          serdeInfo: {
            serializationLibrary: PARQUET_STORAGE.serializationLibrary,
            parameters: { "serialization.format": "1" },
          },
          compressed: true,
          storedAsSubDirectories: false,
          columns: glueColumns(),
        },
      },
    });
    this.table.addResourceDependency(this.database);

    this.workgroup = new athena.CfnWorkGroup(this, "Workgroup", {
      name: props.workgroupName,
      description: "Analysts' ad-hoc queries over the onboarding log lake",
      state: "ENABLED",
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffMiB * 1024 * 1024,
        engineVersion: { selectedEngineVersion: "AUTO" },
        resultConfiguration: {
          outputLocation: `s3://${props.bucket.bucketName}/${LAKE_PREFIXES.athenaResults}`,
          encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKey: props.key.keyArn },
          expectedBucketOwner: catalogId,
        },
      },
    });
  }
}
