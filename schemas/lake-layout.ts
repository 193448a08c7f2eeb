/**
 * The lake's key layout (shared/DESIGN.md, "Lake layout"): the one home of every prefix and key
 * builder. Infra (Firehose prefixes, lifecycle rules, IAM resources, the Glue location), the local
 * runtime (which writes the same keys under `D/lake/`) and the tools (reprocess, loader, backfill)
 * all read it from here. Pure data and string functions, no I/O.
 */

/** Key prefixes of the lake zones (no leading slash, trailing slash). */
export const LAKE_PREFIXES = {
  /** Firehose's S3 backup of the source records, unmasked: `raw/cwl/YYYY/MM/DD/HH/…`. */
  raw: "raw/cwl/",
  /** The curated zone (masked, Parquet). */
  curated: "curated/",
  /** The `log_events` table: `curated/log_events/dt=YYYY-MM-DD/hour=HH/….parquet`. */
  logEvents: "curated/log_events/",
  /** Firehose error output: `errors/<error-output-type>/YYYY/MM/DD/…`. */
  errors: "errors/",
  /** Error objects whose every record was re-put, same key below the prefix. */
  errorsReprocessed: "errors-reprocessed/",
  /** Error records that can never succeed, with the reason, same key below the prefix. */
  errorsQuarantine: "errors-quarantine/",
  /** The analytics zone. */
  analytics: "analytics/",
  /** Redshift COPY manifests, one per load batch. */
  manifests: "analytics/manifests/",
  /** Archived dead letters, `dt=YYYY-MM-DD/` partitions of JSON lines. */
  pipelineFailures: "analytics/pipeline_failures/",
  /** Athena query results. */
  athenaResults: "analytics/athena-results/",
} as const;

/** The two error output types Firehose writes under `errors/`. */
export const ERROR_OUTPUT_TYPES = ["processing-failed", "format-conversion-failed"] as const;
export type ErrorOutputType = (typeof ERROR_OUTPUT_TYPES)[number];

/**
 * The same layout as Firehose prefix expressions (`!{…}` namespaces). Firehose appends the object
 * name to each; its timestamps are in the stream's configured time zone.
 */
export const FIREHOSE_PREFIXES = {
  curated: `${LAKE_PREFIXES.logEvents}dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/`,
  errors: `${LAKE_PREFIXES.errors}!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`,
  raw: `${LAKE_PREFIXES.raw}!{timestamp:yyyy/MM/dd/HH}/`,
  rawErrors: `${LAKE_PREFIXES.errors}raw-backup-!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`,
} as const;

const pad = (n: number): string => String(n).padStart(2, "0");

/** `YYYY/MM/DD` (and `/HH`) of an instant in UTC, as Firehose's `!{timestamp:…}` prefixes write it. */
export function timestampPath(epochMs: number, withHour: boolean): string {
  const d = new Date(epochMs);
  const day = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
  return withHour ? `${day}/${pad(d.getUTCHours())}` : day;
}

/**
 * Firehose's object name: `<stream>-<version>-YYYY-MM-DD-HH-MM-SS-<random>` (UTC).
 * `unique` stands for the random part (a UUID).
 */
export function firehoseObjectName(streamName: string, epochMs: number, unique: string): string {
  const d = new Date(epochMs);
  const stamp = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}-${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}`;
  return `${streamName}-1-${stamp}-${unique}`;
}

/** Prefix of the curated objects of day dt (every hour of it). */
export function curatedDayPrefix(dt: string): string {
  return `${LAKE_PREFIXES.logEvents}dt=${dt}/`;
}

/** Prefix of the curated objects of partition dt/hour. */
export function curatedPartitionPrefix(dt: string, hour: string): string {
  return `${curatedDayPrefix(dt)}hour=${hour}/`;
}

/** Key of a curated Parquet object of partition dt/hour. */
export function curatedObjectKey(dt: string, hour: string, objectName: string): string {
  return `${curatedPartitionPrefix(dt, hour)}${objectName}.parquet`;
}

/** Key of a raw backup object written at `epochMs`. */
export function rawObjectKey(epochMs: number, objectName: string): string {
  return `${LAKE_PREFIXES.raw}${timestampPath(epochMs, true)}/${objectName}`;
}

/** Key of an error object of one error output type written at `epochMs`. */
export function errorObjectKey(type: string, epochMs: number, objectName: string): string {
  return `${LAKE_PREFIXES.errors}${type}/${timestampPath(epochMs, false)}/${objectName}`;
}

/**
 * Where an error object goes once handled: `errors-reprocessed/` (every record re-put) or
 * `errors-quarantine/` (records that can never succeed), keeping the key below `errors/`.
 * @throws Error for a key outside the error prefix.
 */
export function handledErrorKey(errorKey: string, outcome: "reprocessed" | "quarantine"): string {
  if (!errorKey.startsWith(LAKE_PREFIXES.errors)) throw new Error(`not an error object key: ${errorKey}`);
  const target = outcome === "reprocessed" ? LAKE_PREFIXES.errorsReprocessed : LAKE_PREFIXES.errorsQuarantine;
  return target + errorKey.slice(LAKE_PREFIXES.errors.length);
}

/** Key of a load batch's COPY manifest. */
export function manifestObjectKey(batchId: string, prefix: string = LAKE_PREFIXES.manifests): string {
  return `${prefix}${batchId}.manifest`;
}

/** Key of one archived dead letter, partitioned by the day it was archived. */
export function pipelineFailureKey(
  dt: string,
  objectName: string,
  prefix: string = LAKE_PREFIXES.pipelineFailures,
): string {
  return `${prefix}dt=${dt}/${objectName}`;
}

const CURATED_KEY = /^curated\/log_events\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/[^/]+\.parquet$/;

/** The partition of a curated Parquet key, or null for any other key (what the loader accepts). */
export function curatedPartition(key: string): { dt: string; hour: string } | null {
  const match = CURATED_KEY.exec(key);
  return match ? { dt: match[1] as string, hour: match[2] as string } : null;
}
