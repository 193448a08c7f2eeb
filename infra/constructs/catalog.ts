/**
 * Catalog: the Glue database and the `log_events` table generated from the column catalog
 * (Parquet SerDe, partitioned by dt/hour with Athena partition projection), and the Athena
 * workgroup analysts use (encrypted results in the analytics zone, per-query scan cutoff), and the
 * `pipeline_failures` table over the DLQ archive (JSON lines by dt, from schemas/pipeline-failures.ts).
 */
import { RemovalPolicy, Stack } from "aws-cdk-lib";
import * as athena from "aws-cdk-lib/aws-athena";
import * as glue from "aws-cdk-lib/aws-glue";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { glueColumns, gluePartitionKeys, PARQUET_STORAGE, partitionProjection } from "../../schemas/glue.js";
import { LAKE_PREFIXES } from "../../schemas/lake-layout.js";
import {
  dayPartitionProjection,
  JSON_LINES_STORAGE,
  PIPELINE_FAILURE_COLUMNS,
} from "../../schemas/pipeline-failures.js";

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
  /**
   * What deleting the stack does to the Glue database and tables (a retained lake stays queryable).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Glue database + `log_events` table + Athena workgroup. */
export class Catalog extends Construct {
  readonly database: glue.CfnDatabase;
  /** The table Firehose converts records with (its columns are the Parquet schema). */
  readonly table: glue.CfnTable;
  /** Archived dead letters (`pipeline_failures`), for Athena and Redshift Spectrum. */
  readonly failuresTable: glue.CfnTable;
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

    const failuresLocation = `s3://${props.bucket.bucketName}/${LAKE_PREFIXES.pipelineFailures}`;
    this.failuresTable = new glue.CfnTable(this, "PipelineFailures", {
      catalogId,
      databaseName: props.databaseName,
      tableInput: {
        name: "pipeline_failures",
        description: "One row per dead letter the DLQ archiver persisted (generated from schemas/pipeline-failures.ts)",
        tableType: "EXTERNAL_TABLE",
        partitionKeys: [{ name: "dt", type: "string", comment: "day the message was first sent (UTC)" }],
        parameters: {
          classification: "json",
          EXTERNAL: "TRUE",
          ...dayPartitionProjection(failuresLocation, props.firstDate),
        },
        storageDescriptor: {
          location: failuresLocation,
          inputFormat: JSON_LINES_STORAGE.inputFormat,
          outputFormat: JSON_LINES_STORAGE.outputFormat,
          serdeInfo: { serializationLibrary: JSON_LINES_STORAGE.serializationLibrary },
          compressed: false,
          storedAsSubDirectories: false,
          columns: PIPELINE_FAILURE_COLUMNS.map((c) => ({ ...c })),
        },
      },
    });
    this.failuresTable.addResourceDependency(this.database);

    for (const resource of [this.database, this.table, this.failuresTable]) {
      resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    }

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
