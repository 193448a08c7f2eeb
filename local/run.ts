/**
 * `loglake local run`: generate onboarding traffic → local Firehose → real transform → lake (raw,
 * curated Parquet, errors) → loader → warehouse; returns what the run did for the person who ran it.
 * Stage timing is not kept here: a caller that wants it (the benchmark, `--json`) passes a {@link RunTimer}.
 */

import { DiskFullError, diskFullMessage, diskFullPath, folderBytes, freeBytes, RunInterruptedError } from "./faults.js";
import { TrafficGenerator } from "./generator/index.js";
import { ensureWritableDir, localPaths } from "./paths.js";
import { createPipeline, type LocalPipeline, type PipelineTuning } from "./pipeline.js";
import { defaultDuckdbThreads, LocalWarehouse } from "./warehouse.js";

/** Stages a {@link RunTimer} is told about. */
export type RunStage = "generate" | "ingest" | "flush" | "load";

/** Busy times the components measure themselves (the handler inside the stream, DuckDB beside it), ms. */
export interface ComponentTimes {
  readonly handlerMs: number;
  readonly parquetBusyMs: number;
  readonly loadBusyMs: number;
}

/** Times a run's stages; bench/stage-timer.ts implements it. */
export interface RunTimer {
  /** Runs `work` as part of `stage` (sync or async) and returns its result. */
  time<T>(stage: RunStage, work: () => T): T;
  /** Called once at the end of a completed run. */
  components(times: ComponentTimes): void;
}

/** Progress of a run, for a progress bar. */
export interface RunProgress {
  readonly stage: "ingest" | "load";
  readonly events: number;
  readonly total: number;
}

/** Options of a run. */
export interface LocalRunOptions {
  readonly events: number;
  readonly seed: string | number;
  readonly dir: string;
  /** Called after every generated chunk and at each stage change. */
  readonly onProgress?: (p: RunProgress) => void;
  /** Aborting stops the run between chunks: scratch removed, the warehouse closed (see {@link RunInterruptedError}). */
  readonly signal?: AbortSignal;
  readonly timer?: RunTimer;
  readonly tuning?: PipelineTuning;
}

/** What a run did; field names are the `--json` contract. "This run" and "total" are told apart by name. */
export interface LocalRunResult {
  events: number;
  /** Firehose records of this run, and among them the control message(s) and corrupt records. */
  records: number;
  control_records: number;
  corrupt_records: number;
  /** Rows and objects this run wrote to the lake. */
  lake_rows: number;
  lake_objects: number;
  /** Rows in every curated Parquet object of the lake, this run's and earlier runs'. */
  lake_rows_total: number;
  /** Rows in the warehouse in total, and those this run inserted (replayed events are skipped). */
  warehouse_rows: number;
  warehouse_rows_inserted: number;
  failed_records: number;
  failed_events: number;
  dropped_records: number;
  reingested_records: number;
  /** Scratch files a killed earlier run left, removed before this one. */
  leftovers_removed: number;
  seconds: number;
  events_per_s: number;
  dir: string;
  lake_dir: string;
  warehouse_file: string;
}

const untimed: RunTimer = { time: (_stage, work) => work(), components: () => undefined };

/** Runs the whole local flow once. */
export async function runLocal(options: LocalRunOptions): Promise<LocalRunResult> {
  const started = performance.now();
  const timer = options.timer ?? untimed;
  const paths = localPaths(options.dir);
  ensureWritableDir(paths.dir);
  // Open the warehouse first: a corrupt file should fail before minutes of work, not after.
  const warehouse = await LocalWarehouse.open(paths.warehouse, undefined, { threads: defaultDuckdbThreads() });
  let pipeline: LocalPipeline | null = null;
  const generator = new TrafficGenerator({ events: options.events, seed: options.seed });
  try {
    pipeline = await createPipeline(paths, warehouse, options.tuning);
    const p = pipeline;
    const chunks = generator.chunks();
    await timer.time("ingest", async () => {
      for (;;) {
        if (options.signal?.aborted) return;
        const next = timer.time("generate", () => chunks.next());
        if (next.done) break;
        await p.firehose.put(next.value.records);
        options.onProgress?.({ stage: "ingest", events: generator.events, total: options.events });
      }
      await p.drain(options.signal);
    });
    if (options.signal?.aborted) throw await interrupted(options, p, warehouse, generator.events);
    await timer.time("flush", () => p.flush());
    options.onProgress?.({ stage: "load", events: generator.events, total: options.events });
    await timer.time("load", () => p.settleLoads());
    const fh = p.firehose.stats;
    timer.components({ handlerMs: fh.handlerMs, parquetBusyMs: p.lake.busyMs, loadBusyMs: p.loader.busyMs });
    const seconds = (performance.now() - started) / 1000;
    return {
      events: generator.events,
      records: generator.records,
      control_records: generator.controlRecords,
      corrupt_records: generator.corruptRecords,
      lake_rows: p.lake.rows,
      lake_objects: p.lake.written.length,
      lake_rows_total: await p.lake.countAllRows(),
      warehouse_rows: await warehouse.countRows(),
      warehouse_rows_inserted: p.loader.totals.rowsInserted,
      failed_records: fh.failedRecords,
      failed_events: fh.failedEvents,
      dropped_records: fh.droppedRecords,
      reingested_records: fh.reingestedRecords,
      leftovers_removed: p.leftoversRemoved,
      seconds: Math.round(seconds * 1000) / 1000,
      events_per_s: Math.round(generator.events / seconds),
      dir: paths.dir,
      lake_dir: paths.lake,
      warehouse_file: paths.warehouse,
    };
  } catch (error) {
    if (error instanceof RunInterruptedError) throw error;
    await pipeline?.abort().catch(() => undefined);
    const full = diskFullPath(error);
    if (full !== null)
      throw new DiskFullError(diskFullMessage(full, paths.dir, freeBytes(paths.dir), folderBytes(paths.dir)));
    throw error;
  } finally {
    pipeline?.close();
    warehouse.close();
  }
}

async function interrupted(
  options: LocalRunOptions,
  pipeline: LocalPipeline,
  warehouse: LocalWarehouse,
  events: number,
): Promise<RunInterruptedError> {
  await pipeline.abort();
  const reason = options.signal?.reason;
  const signal = typeof reason === "string" ? reason : "an abort";
  return new RunInterruptedError(signal, events, options.events, await warehouse.countRows().catch(() => 0));
}
