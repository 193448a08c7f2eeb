/**
 * Wires one local pipeline: lake writer ← local Firehose ← the real transform handler, then the loader
 * into the warehouse. Shared by `local run` and `local reprocess`. Built in dependency order (loader,
 * lake that notifies it, stream that creates its handler), so nothing is patched after construction.
 */

import { LocalFirehose } from "./firehose.js";
import { type LakeBuffers, LakeWriter, LOCAL_BUCKET } from "./lake.js";
import { curatedObjects, removeLeftovers } from "./leftovers.js";
import { LocalLoader } from "./loader.js";
import { ParquetConverter } from "./parquet.js";
import { type LocalPaths, lakeFile } from "./paths.js";
import { localTransform } from "./transform.js";
import { defaultDuckdbThreads, type LocalWarehouse } from "./warehouse.js";

/** The delivery stream name the fixtures and the CDK app use. */
export const LOCAL_STREAM_NAME = "onboarding-logs-to-s3";
const LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:onboarding-log-lake-transform";

/** Tuning of a local pipeline (tests and the benchmark shrink or grow buffers). */
export interface PipelineTuning {
  readonly processorBufferBytes?: number;
  readonly lakeBuffers?: LakeBuffers;
  /** DuckDB worker threads for Parquet conversion. @default {@link defaultDuckdbThreads} */
  readonly converterThreads?: number;
}

/** A running pipeline. */
export interface LocalPipeline {
  readonly firehose: LocalFirehose;
  readonly lake: LakeWriter;
  /** Scratch files an earlier, killed run left behind, removed before this one started. */
  readonly leftoversRemoved: number;
  /** Processes everything still queued in the stream (the handler runs here too); stops early once `signal` aborts. */
  drain(signal?: AbortSignal): Promise<void>;
  /** Writes every buffered object and waits for conversions. */
  flush(): Promise<void>;
  /** The loader, fed by the lake's object notifications as they land. */
  readonly loader: LocalLoader;
  /** Waits for the last loads and checkpoints the warehouse file. */
  settleLoads(): Promise<void>;
  /** Stops early (interrupt, full disk): waits for DuckDB work in flight, removes scratch, loads nothing more. */
  abort(): Promise<void>;
  close(): void;
}

/**
 * Creates the pipeline under `paths`. The caller holds the warehouse open (DuckDB's file lock), so no other
 * run is writing here: scratch left by a killed run is removed first, and the objects it wrote but did not
 * load are loaded (the ledger makes that a no-op for the rest).
 */
export async function createPipeline(
  paths: LocalPaths,
  warehouse: LocalWarehouse,
  tuning: PipelineTuning = {},
): Promise<LocalPipeline> {
  const leftoversRemoved = removeLeftovers(paths);
  const converter = await ParquetConverter.create(tuning.converterThreads ?? defaultDuckdbThreads());
  const loader = new LocalLoader(warehouse, (o) => lakeFile(paths, o));
  // Objects a killed run wrote but never loaded: the ledger skips every one already loaded.
  for (const object of curatedObjects(paths, LOCAL_BUCKET)) loader.notify(object);
  const lake = new LakeWriter({
    root: paths.lake,
    tmpDir: paths.tmp,
    streamName: LOCAL_STREAM_NAME,
    converter,
    buffers: tuning.lakeBuffers,
    onObject: (o) => loader.notify(o),
  });
  const firehose = new LocalFirehose((client) => localTransform(client), lake, {
    streamName: LOCAL_STREAM_NAME,
    lambdaArn: LAMBDA_ARN,
    processorBufferBytes: tuning.processorBufferBytes,
  });
  return {
    firehose,
    lake,
    leftoversRemoved,
    drain: (signal) => firehose.drain(signal),
    flush: () => lake.close(),
    loader,
    async settleLoads() {
      await loader.settle();
      await warehouse.checkpoint();
    },
    async abort() {
      await lake.abort();
      await loader.stop();
      removeLeftovers(paths);
    },
    close() {
      converter.close();
    },
  };
}
