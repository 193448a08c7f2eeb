/**
 * The Glue (Hive) form of the `log_events` catalog: the Glue table's columns, which Firehose also
 * uses as the Parquet schema. Generated from `catalog.ts` so the two cannot drift; pure data, no CDK.
 */
import { type ColumnSpec, LOG_EVENTS_COLUMNS, type LogicalType, PARTITION_COLUMNS } from "./catalog.js";

/** Glue/Hive type names used by `log_events`. */
export type GlueType = "string" | "timestamp" | "double" | "int" | "bigint";

/** One Glue column, shaped like CloudFormation's `AWS::Glue::Table` Column (camelCase for CDK L1). */
export interface GlueColumn {
  readonly name: string;
  readonly type: GlueType;
  readonly comment: string;
}

/** Logical type → Glue type. The names coincide today; the map keeps the contract explicit. */
export const GLUE_TYPES: Readonly<Record<LogicalType, GlueType>> = {
  string: "string",
  timestamp: "timestamp",
  double: "double",
  int: "int",
  bigint: "bigint",
};

/** Glue comments are limited to 255 characters. */
const MAX_COMMENT = 255;

/** Maps catalog columns to Glue columns, in catalog order. */
export function glueColumns(columns: readonly ColumnSpec[] = LOG_EVENTS_COLUMNS): GlueColumn[] {
  return columns.map((col) => ({
    name: col.name,
    type: GLUE_TYPES[col.type],
    comment: col.description.slice(0, MAX_COMMENT),
  }));
}

/** The lake's hive partition keys (dt, hour) as Glue columns. */
export function gluePartitionKeys(): GlueColumn[] {
  return PARTITION_COLUMNS.map((p) => ({ name: p.name, type: p.type, comment: p.description }));
}

/** Hive classes for a Parquet table (what Athena, Spectrum and Firehose expect). */
export const PARQUET_STORAGE = {
  inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
  outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
  serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
} as const;

/**
 * Athena partition projection for dt (date, yyyy-MM-dd) and hour (00..23), so queries never need
 * `MSCK REPAIR` or crawlers. `firstDate` bounds the dt range; `location` is the table's S3 URI.
 */
export function partitionProjection(location: string, firstDate: string): Record<string, string> {
  const base = location.endsWith("/") ? location : `${location}/`;
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0")).join(",");
  return {
    "projection.enabled": "true",
    "projection.dt.type": "date",
    "projection.dt.format": "yyyy-MM-dd",
    "projection.dt.range": `${firstDate},NOW`,
    "projection.dt.interval": "1",
    "projection.dt.interval.unit": "DAYS",
    "projection.hour.type": "enum",
    "projection.hour.values": hours,
    "storage.location.template": `${base}dt=\${dt}/hour=\${hour}/`,
  };
}
