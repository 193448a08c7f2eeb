/**
 * `loglake local reprocess`: the AWS reprocess (core/reprocess/run.ts) over the local lake folder and the local
 * Firehose. Re-puts what can succeed, quarantines what never can under errors-quarantine/, moves each handled
 * object to errors-reprocessed/, then lets the pipeline drain into the lake and the warehouse.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { firehoseSink } from "../core/io/s3-error-store.js";
import { type ReprocessProgress, reprocessErrors } from "../core/reprocess/run.js";
import type { ErrorStore, ObjectPage } from "../core/reprocess/store.js";
import { LAKE_PREFIXES } from "../schemas/lake-layout.js";
import { ensureWritableDir, localPaths } from "./paths.js";
import { createPipeline, LOCAL_STREAM_NAME } from "./pipeline.js";
import { defaultDuckdbThreads, LocalWarehouse } from "./warehouse.js";

/** What a local reprocess did; field names are the `--json` contract. */
export interface ReprocessSummary {
  objects: number;
  /** Moved to errors-reprocessed/ (every record re-put or quarantined). */
  archived_objects: number;
  /** Left under errors/ (their put failed). */
  left_objects: number;
  /** Records re-put. */
  records: number;
  /** Records (and unreadable lines) moved to errors-quarantine/ with their reason. */
  quarantined_records: number;
  lake_rows: number;
  warehouse_rows: number;
  warehouse_rows_inserted: number;
  failed_records: number;
  failed_events: number;
  seconds: number;
  dir: string;
}

const toKey = (root: string, file: string): string => relative(root, file).split(sep).join("/");

/** The lake folder as an {@link ErrorStore}: keys are paths below `root` with `/` separators. */
export function folderStore(root: string): ErrorStore {
  const path = (key: string) => join(root, ...key.split("/"));
  return {
    async listPage(prefix: string): Promise<ObjectPage> {
      const top = prefix.slice(0, prefix.lastIndexOf("/") + 1);
      let files: string[] = [];
      try {
        files = readdirSync(path(top), { recursive: true, withFileTypes: true })
          .filter((d) => d.isFile())
          .map((d) => toKey(root, join(d.parentPath, d.name)));
      } catch {
        files = [];
      }
      return {
        objects: files
          .filter((k) => k.startsWith(prefix))
          .sort()
          .map((key) => ({ key })),
      };
    },
    read: async (key) => readFileSync(path(key), "utf8"),
    exists: async (key) => existsSync(path(key)),
    async write(key, body) {
      mkdirSync(dirname(path(key)), { recursive: true });
      writeFileSync(path(key), body);
    },
    async copy(from, to) {
      mkdirSync(dirname(path(to)), { recursive: true });
      copyFileSync(path(from), path(to));
    },
    delete: async (key) => rmSync(path(key), { force: true }),
  };
}

/** Reprocesses every error object under `D/lake/errors/`. */
export async function reprocessLocal(options: {
  dir: string;
  onProgress?: (p: ReprocessProgress) => void;
}): Promise<ReprocessSummary> {
  const started = performance.now();
  const paths = localPaths(options.dir);
  ensureWritableDir(paths.dir);
  const warehouse = await LocalWarehouse.open(paths.warehouse, undefined, { threads: defaultDuckdbThreads() });
  try {
    const pipeline = await createPipeline(paths, warehouse);
    // The same PutRecordBatch code the transform's re-ingestion and the AWS reprocess use.
    const sink = firehoseSink(pipeline.firehose, LOCAL_STREAM_NAME);
    const result = await reprocessErrors(folderStore(paths.lake), sink, {
      prefix: LAKE_PREFIXES.errors,
      onProgress: options.onProgress,
    });
    await pipeline.drain();
    await pipeline.flush();
    await pipeline.settleLoads();
    pipeline.close();
    const fh = pipeline.firehose.stats;
    return {
      objects: result.objects,
      archived_objects: result.objects_reprocessed,
      left_objects: result.objects_left,
      records: result.records_reput,
      quarantined_records: result.records_quarantined,
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
