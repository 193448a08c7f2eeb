/**
 * Load SQL for one micro-batch in DuckDB (the local warehouse) as named steps: stage the batch's Parquet →
 * keep one row per event_id that the target does not hold yet → insert sorted by event_time → ledger rows →
 * drop the stage. The Redshift form of the same steps (COPY of a manifest, Redshift literals) is in
 * redshift.ts; a step that means the same thing in both has the same name.
 */
import { LOG_EVENTS_COLUMN_NAMES } from "../../schemas/catalog.js";
import type { WarehouseNames } from "./names.js";
import { type LoadBatch, objectUrl } from "./plan.js";
import { numberLiteral, quoteIdent, quoteLiteral, quoteQualified } from "./quote.js";
import type { RedshiftLoadStepName } from "./redshift.js";

/**
 * The steps of a DuckDB load, in the order they run: the Redshift steps that DuckDB needs (it reads Parquet in
 * place, so `createStage` is the bulk load and there is no `copy`; one process holds the file's lock, so no
 * `lockLedger`). `Extract` keeps the names the Redshift ones.
 */
export type DuckdbLoadStepName = Extract<
  RedshiftLoadStepName,
  "createStage" | "insertNew" | "ledgerRows" | "dropStage"
>;

/** One named statement of the DuckDB load transaction. */
export interface DuckdbLoadStep {
  readonly name: DuckdbLoadStepName;
  readonly sql: string;
}

/** What differs between the dialects: how the batch gets staged, deduped and dropped, and "now". */
interface Dialect {
  stage(stage: string, target: string): string;
  /** The dedupe INSERT; both forms keep the same rows (the Redshift form is redshift.ts `insertNew`). */
  dedupeInsert(stage: string, target: string): string;
  dropStage(stage: string): string;
  nowExpr: string;
}

const cols = (alias?: string): string =>
  LOG_EVENTS_COLUMN_NAMES.map((c) => (alias ? `${alias}.${quoteIdent(c)}` : quoteIdent(c))).join(", ");

function commonSteps(batch: LoadBatch, names: WarehouseNames, dialect: Dialect): DuckdbLoadStep[] {
  const target = quoteQualified(names.schema, names.table);
  const ledger = quoteQualified(names.schema, names.ledger);
  const stage = quoteIdent(`stage_${batch.batchId}`);
  const objects = batch.objects
    .map(
      (o) =>
        `SELECT ${quoteLiteral(batch.batchId)} AS "batch_id", ${quoteLiteral(objectUrl(o))} AS "object_url", CAST(${numberLiteral(o.size)} AS BIGINT) AS "content_length"`,
    )
    .join(" UNION ALL ");
  return [
    { name: "createStage", sql: dialect.stage(stage, target) },
    { name: "insertNew", sql: dialect.dedupeInsert(stage, target) },
    {
      name: "ledgerRows",
      sql: `INSERT INTO ${ledger} ("batch_id", "object_url", "content_length", "rows_staged", "loaded_at") SELECT o."batch_id", o."object_url", o."content_length", f."rows_staged", ${dialect.nowExpr} FROM (${objects}) AS o CROSS JOIN (SELECT COUNT(*) AS "rows_staged" FROM ${stage}) AS f WHERE NOT EXISTS (SELECT 1 FROM ${ledger} AS l WHERE l."object_url" = o."object_url")`,
    },
    { name: "dropStage", sql: dialect.dropStage(stage) },
  ];
}

/** Options of the DuckDB load. */
export interface DuckdbLoadOptions {
  readonly names: WarehouseNames;
  /** Local file paths of the batch's objects, in the batch's order. */
  readonly paths: readonly string[];
}

/**
 * The same rows as the Redshift form (redshift.ts `insertNew`), cheaper in DuckDB (measured on 1M rows: 15 s → 10 s):
 * - the ROW_NUMBER runs over the key columns and the row's address in the batch (file, row) instead of all
 *   31 columns, and the winners are picked back by address; the address also breaks ingest_time ties;
 * - the target scan is restricted to the batch's event_time range, which zone maps on the event_time-
 *   sorted table turn into skipped row groups. Correct for replays because an event id is one CloudWatch
 *   event, whose timestamp is its event_time: a row already loaded for an id has the same event_time.
 */
function duckdbDedupeInsert(stage: string, target: string): string {
  const range = `BETWEEN (SELECT min("event_time") FROM ${stage}) AND (SELECT max("event_time") FROM ${stage})`;
  const winners = `SELECT k."_file", k."_row" FROM (SELECT "event_id", "_file", "_row", ROW_NUMBER() OVER (PARTITION BY "event_id" ORDER BY "ingest_time", "event_time", "_file", "_row") AS "rn" FROM ${stage}) AS k WHERE k."rn" = 1 AND NOT EXISTS (SELECT 1 FROM ${target} AS t WHERE t."event_id" = k."event_id" AND t."event_time" ${range})`;
  return `INSERT INTO ${target} (${cols()}) SELECT ${cols("s")} FROM ${stage} AS s SEMI JOIN (${winners}) AS w ON s."_file" = w."_file" AND s."_row" = w."_row" ORDER BY s."event_time"`;
}

/** DuckDB steps for one batch, in order: the same steps as Redshift, with `read_parquet([...])` as the bulk load. */
export function duckdbLoadSteps(batch: LoadBatch, options: DuckdbLoadOptions): DuckdbLoadStep[] {
  if (options.paths.length !== batch.objects.length) throw new RangeError("one path per batch object is required");
  const files = options.paths.map(quoteLiteral).join(", ");
  return commonSteps(batch, options.names, {
    // DuckDB reads Parquet in place, so the staging "table" is a view: the bulk load costs one scan
    // instead of a copy of every row (measured: materialising it doubled the load time). Each row
    // carries its address (file, row number) for the dedupe. union_by_name: a file written before the
    // catalog gained a column reads NULL there (Redshift's COPY … FILLRECORD does the same).
    stage: (stage) =>
      `CREATE TEMP VIEW ${stage} AS SELECT ${cols()}, "filename" AS "_file", "file_row_number" AS "_row" FROM read_parquet([${files}], hive_partitioning = false, file_row_number = true, union_by_name = true)`,
    dedupeInsert: duckdbDedupeInsert,
    dropStage: (stage) => `DROP VIEW ${stage}`,
    nowExpr: `CAST(now() AT TIME ZONE 'UTC' AS TIMESTAMP)`,
  });
}

/**
 * The DuckDB load's fast-path probe, run inside the batch's transaction after the staging view exists:
 * one row `(fast, rows)`. `fast` is true when no event_id repeats within the batch AND the target holds no
 * row in the batch's event_time range; then the dedupe INSERT would keep every staged row (ROW_NUMBER has
 * nothing to drop, the range-restricted anti-join finds nothing), so {@link duckdbPlainInsert} inserts
 * exactly the same rows in the same order for less (measured on the 1M-row run's 14 objects: the INSERTs
 * took 6.0 s with the dedupe, 3.9 s plain, the probes 0.7 s). `rows` is the staged row count.
 */
export function duckdbLoadProbe(batch: LoadBatch, names: WarehouseNames): string {
  const target = quoteQualified(names.schema, names.table);
  const stage = quoteIdent(`stage_${batch.batchId}`);
  return `SELECT COUNT(*) = COUNT(DISTINCT "event_id") AND NOT EXISTS (SELECT 1 FROM ${target} AS t WHERE t."event_time" BETWEEN (SELECT min("event_time") FROM ${stage}) AND (SELECT max("event_time") FROM ${stage})) AS "fast", COUNT(*) AS "rows" FROM ${stage}`;
}

/** The INSERT of the fast path (see {@link duckdbLoadProbe}): every staged row, in event_time order. */
export function duckdbPlainInsert(batch: LoadBatch, names: WarehouseNames): string {
  const target = quoteQualified(names.schema, names.table);
  const stage = quoteIdent(`stage_${batch.batchId}`);
  return `INSERT INTO ${target} (${cols()}) SELECT ${cols()} FROM ${stage} ORDER BY "event_time"`;
}

/** The SQL of the steps with these names, in the order the steps run (empty when there is none). */
export function stepSql(steps: readonly DuckdbLoadStep[], ...names: DuckdbLoadStepName[]): string[] {
  return steps.filter((s) => names.includes(s.name)).map((s) => s.sql);
}

/** Wraps statements in an explicit transaction, for drivers that run statements one by one. */
export function inTransaction(statements: readonly string[]): string[] {
  return ["BEGIN TRANSACTION", ...statements, "COMMIT"];
}

/** Ledger lookup: which of these object URLs are loaded already (run before planning). */
export function loadedUrlsQuery(names: WarehouseNames): string {
  return `SELECT DISTINCT "object_url" FROM ${quoteQualified(names.schema, names.ledger)}`;
}
