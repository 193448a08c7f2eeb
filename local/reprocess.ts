/**
 * `loglake local reprocess`: re-puts the local error prefix through the local Firehose (same parsing and
 * PutRecordBatch chunking as the AWS reprocess command), then archives every object re-put in full under
 * errors-reprocessed/ with the same key below it.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { putRecordsReliably } from "../core/io/put-record-batch.js";
import { parseErrorObject } from "../core/reprocess/errors.js";
import { handledErrorKey, LAKE_PREFIXES } from "../schemas/lake-layout.js";
import { ensureWritableDir, localPaths } from "./paths.js";
import { createPipeline, LOCAL_STREAM_NAME } from "./pipeline.js";
import { defaultDuckdbThreads, LocalWarehouse } from "./warehouse.js";

/** What a reprocess did; field names are the `--json` contract. */
export interface ReprocessSummary {
  objects: number;
  archived_objects: number;
  records: number;
  unreadable_lines: number;
  lake_rows: number;
  warehouse_rows: number;
  warehouse_rows_inserted: number;
  failed_records: number;
  failed_events: number;
  seconds: number;
  dir: string;
}

function errorObjects(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name))
      .sort();
  } catch {
    return [];
  }
}

/** Re-puts every error object under `D/lake/errors/`. */
export async function reprocessLocal(options: { dir: string }): Promise<ReprocessSummary> {
  const started = performance.now();
  const paths = localPaths(options.dir);
  ensureWritableDir(paths.dir);
  const errorsRoot = join(paths.lake, LAKE_PREFIXES.errors);
  const files = errorObjects(errorsRoot);
  const warehouse = await LocalWarehouse.open(paths.warehouse, undefined, { threads: defaultDuckdbThreads() });
  try {
    const pipeline = await createPipeline(paths, warehouse);
    const parsed = files.map((file) => ({ file, ...parseErrorObject(readFileSync(file, "utf8")) }));
    const records = parsed.flatMap((p) => p.records.map((r) => r.data));
    // The same PutRecordBatch code the transform's re-ingestion and the AWS reprocess use.
    await putRecordsReliably(pipeline.firehose, LOCAL_STREAM_NAME, records);
    // Archive before draining: records that fail again land in new error objects, not in the archived ones.
    let archived = 0;
    for (const p of parsed) {
      if (p.problems.length > 0 || p.records.length === 0) continue;
      const target = join(paths.lake, handledErrorKey(relative(paths.lake, p.file), "reprocessed"));
      mkdirSync(dirname(target), { recursive: true });
      renameSync(p.file, target);
      archived += 1;
    }
    await pipeline.drain();
    await pipeline.flush();
    await pipeline.settleLoads();
    pipeline.close();
    const fh = pipeline.firehose.stats;
    return {
      objects: files.length,
      archived_objects: archived,
      records: records.length,
      unreadable_lines: parsed.reduce((n, p) => n + p.problems.length, 0),
      lake_rows: pipeline.lake.rows,
      warehouse_rows: await warehouse.countRows(),
      warehouse_rows_inserted: pipeline.loader.totals.rowsInserted,
      failed_records: fh.failedRecords,
      failed_events: fh.failedEvents,
      seconds: Math.round(performance.now() - started) / 1000,
      dir: paths.dir,
    };
  } finally {
    warehouse.close();
  }
}
