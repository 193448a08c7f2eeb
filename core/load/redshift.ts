/**
 * The Redshift load of one micro-batch as named steps, run as ONE transaction (a Data API
 * BatchExecuteStatement is one): lock the ledger → temp stage LIKE the target → ONE COPY of the batch's
 * manifest → insert one row per new event_id → ledger rows → summary → drop the stage. Plus the ledger
 * lookup for a batch's URLs and the load-error lookup. Literals are Redshift-quoted (backslash escapes).
 */
import { LOG_EVENTS_COLUMN_NAMES } from "../../schemas/catalog.js";
import type { WarehouseNames } from "./names.js";
import type { LoadBatch } from "./plan.js";
import { objectUrl } from "./plan.js";
import { numberLiteral, quoteIdent, quoteQualified, redshiftLiteral } from "./quote.js";

/** Data API limits: a statement's text is at most 100 KB; a BatchExecuteStatement takes 1-40 statements. */
export const DATA_API_LIMITS = { statementBytes: 100_000, batchStatements: 40 } as const;

/** How much SQL text a generated list (ledger rows, a lookup) puts in one statement, well inside the limit. */
const CHUNK_BYTES = 60_000;

/** The steps of a load, in the order they run. `ledgerRows` may be several statements (chunked). */
export type RedshiftLoadStepName =
  | "lockLedger"
  | "createStage"
  | "copy"
  | "insertNew"
  | "ledgerRows"
  | "summary"
  | "dropStage";

/** One named statement of the load transaction. */
export interface LoadStep {
  readonly name: RedshiftLoadStepName;
  readonly sql: string;
}

/** Options of {@link redshiftLoadSteps}. */
export interface RedshiftLoadOptions {
  readonly names: WarehouseNames;
  /** s3:// URL of the batch's manifest. */
  readonly manifestUrl: string;
  /** Role Redshift assumes to read the manifest and the objects. */
  readonly iamRoleArn: string;
}

/** Thrown when a batch's SQL cannot fit one Data API call. */
export class LoadSqlError extends Error {
  override readonly name = "LoadSqlError";
}

const cols = (alias?: string): string =>
  LOG_EVENTS_COLUMN_NAMES.map((c) => (alias ? `${alias}.${quoteIdent(c)}` : quoteIdent(c))).join(", ");

/** Packs SQL fragments into as few statements as fit {@link CHUNK_BYTES}, each built by `wrap`. */
function chunked(fragments: readonly string[], separator: string, wrap: (joined: string) => string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const f of fragments) {
    const size = Buffer.byteLength(f) + separator.length;
    if (current.length > 0 && bytes + size > CHUNK_BYTES) {
      out.push(wrap(current.join(separator)));
      current = [];
      bytes = 0;
    }
    current.push(f);
    bytes += size;
  }
  if (current.length > 0) out.push(wrap(current.join(separator)));
  return out;
}

/**
 * The insert that keeps one row per event_id the target does not hold. ROW_NUMBER sorts on the key columns
 * only (event_id, ingest_time, event_time); the target is scanned only inside the batch's event_time range,
 * which the event_time sort key's zone maps turn into skipped blocks. Correct for replays because an
 * event_id is one CloudWatch event, whose timestamp is its event_time. The stage inherits DISTKEY(event_id)
 * through LIKE, so the window and the anti-join stay slice-local.
 */
function insertNew(stage: string, target: string): string {
  const range = `BETWEEN (SELECT MIN("event_time") FROM ${stage}) AND (SELECT MAX("event_time") FROM ${stage})`;
  const held = `SELECT t."event_id" FROM ${target} AS t WHERE t."event_time" ${range}`;
  const ranked = `SELECT ${cols()}, ROW_NUMBER() OVER (PARTITION BY "event_id" ORDER BY "ingest_time", "event_time") AS "rn" FROM ${stage}`;
  return `INSERT INTO ${target} (${cols()}) SELECT ${cols("s")} FROM (${ranked}) AS s LEFT JOIN (${held}) AS h ON h."event_id" = s."event_id" WHERE s."rn" = 1 AND h."event_id" IS NULL ORDER BY s."event_time"`;
}

function ledgerRows(batch: LoadBatch, stage: string, ledger: string): string[] {
  const rows = batch.objects.map(
    (o) =>
      `SELECT ${redshiftLiteral(batch.batchId)} AS "batch_id", ${redshiftLiteral(objectUrl(o))} AS "object_url", CAST(${numberLiteral(o.size)} AS BIGINT) AS "content_length"`,
  );
  return chunked(
    rows,
    " UNION ALL ",
    (objects) =>
      `INSERT INTO ${ledger} ("batch_id", "object_url", "content_length", "rows_staged", "loaded_at") SELECT o."batch_id", o."object_url", o."content_length", f."rows_staged", GETDATE() FROM (${objects}) AS o CROSS JOIN (SELECT COUNT(*) AS "rows_staged" FROM ${stage}) AS f WHERE NOT EXISTS (SELECT 1 FROM ${ledger} AS l WHERE l."object_url" = o."object_url")`,
  );
}

/**
 * The load transaction of one batch. The ledger is locked first so two concurrent loads of the same
 * objects serialize (Redshift's snapshot isolation alone would let both insert: write skew).
 * @throws LoadSqlError when the batch needs more statements than one BatchExecuteStatement takes.
 */
export function redshiftLoadSteps(batch: LoadBatch, options: RedshiftLoadOptions): LoadStep[] {
  const { names } = options;
  const target = quoteQualified(names.schema, names.table);
  const ledger = quoteQualified(names.schema, names.ledger);
  const stage = quoteIdent(`stage_${batch.batchId}`);
  const steps: LoadStep[] = [
    { name: "lockLedger", sql: `LOCK ${ledger}` },
    { name: "createStage", sql: `CREATE TEMP TABLE ${stage} (LIKE ${target})` },
    {
      name: "copy",
      // Parquet COPY maps columns by position: the stage has the catalog's order through LIKE. FILLRECORD
      // (supported for Parquet, "COPY from columnar data formats") loads files written before the catalog
      // gained a column at its end with NULL there, instead of failing on the column count: a backfill or a
      // queued object from before a schema change still loads.
      sql: `COPY ${stage} FROM ${redshiftLiteral(options.manifestUrl)} IAM_ROLE ${redshiftLiteral(options.iamRoleArn)} FORMAT AS PARQUET MANIFEST FILLRECORD`,
    },
    { name: "insertNew", sql: insertNew(stage, target) },
    ...ledgerRows(batch, stage, ledger).map((sql) => ({ name: "ledgerRows" as const, sql })),
    {
      name: "summary",
      sql: `SELECT COUNT(*) AS "rows_staged", MAX("event_time") AS "newest_event_time" FROM ${stage}`,
    },
    { name: "dropStage", sql: `DROP TABLE ${stage}` },
  ];
  if (steps.length > DATA_API_LIMITS.batchStatements) {
    throw new LoadSqlError(
      `batch ${batch.batchId} needs ${steps.length} statements (at most 40): plan smaller batches`,
    );
  }
  return steps;
}

/** Position of a step in the transaction (the Data API reports sub-statements by position). */
export function stepIndex(steps: readonly LoadStep[], name: RedshiftLoadStepName): number {
  const i = steps.findIndex((s) => s.name === name);
  if (i < 0) throw new RangeError(`no ${name} step`);
  return i;
}

/** Ledger lookup for exactly these URLs (never the whole ledger), chunked to fit the Data API. */
export function ledgerLookupQueries(names: WarehouseNames, urls: readonly string[]): string[] {
  const ledger = quoteQualified(names.schema, names.ledger);
  return chunked(
    urls.map(redshiftLiteral),
    ", ",
    (list) => `SELECT DISTINCT "object_url" FROM ${ledger} WHERE "object_url" IN (${list})`,
  );
}

/** The newest load errors recorded for these objects (SYS_LOAD_ERROR_DETAIL), for the failure report. */
export function loadErrorQuery(urls: readonly string[]): string {
  const list = urls.map(redshiftLiteral).join(", ");
  return `SELECT "file_name", "column_name", "error_code", "error_message" FROM sys_load_error_detail WHERE "file_name" IN (${list}) ORDER BY "start_time" DESC LIMIT 100`;
}

/** A failure Redshift reports for a transaction that lost a race; running it again can succeed. */
export function isConflictError(message: string): boolean {
  return /serializable isolation violation|error:\s*1023\b|could not (obtain|acquire) lock|deadlock detected|lock timeout|concurrent transaction/i.test(
    message,
  );
}
