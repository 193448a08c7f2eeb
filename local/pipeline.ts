/**
 * Wires one local pipeline: lake writer ← local Firehose ← the real transform handler, then the loader
 * into the warehouse. Shared by `local run` and `local reprocess`.
 */

import { LocalFirehose } from "./firehose.js";
import { type LakeBuffers, LakeWriter } from "./lake.js";
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
  /** Processes everything still queued in the stream (the handler runs here too). */
  drain(): Promise<void>;
  /** Writes every buffered object and waits for conversions; returns ms spent. */
  flush(): Promise<number>;
  /** The loader, fed by the lake's object notifications as they land. */
  readonly loader: LocalLoader;
  /** Waits for the last loads and checkpoints the warehouse file; returns ms spent waiting. */
  settleLoads(): Promise<number>;
  close(): void;
}

/** Creates the pipeline under `paths`. */
export async function createPipeline(
  paths: LocalPaths,
  warehouse: LocalWarehouse,
  tuning: PipelineTuning = {},
): Promise<LocalPipeline> {
  const converter = await ParquetConverter.create(tuning.converterThreads ?? defaultDuckdbThreads());
  const lake = new LakeWriter(paths.lake, paths.tmp, LOCAL_STREAM_NAME, converter, tuning.lakeBuffers);
  const loader = new LocalLoader(warehouse, (o) => lakeFile(paths, o));
  lake.onObject = (o) => loader.notify(o);
  let handler: ReturnType<typeof localTransform> | undefined;
  const firehose = new LocalFirehose((event) => (handler as ReturnType<typeof localTransform>)(event), lake, {
    streamName: LOCAL_STREAM_NAME,
    lambdaArn: LAMBDA_ARN,
    processorBufferBytes: tuning.processorBufferBytes,
  });
  handler = localTransform(firehose);
  return {
    firehose,
    lake,
    drain: () => firehose.drain(),
    async flush() {
      const started = performance.now();
      await lake.close();
      return performance.now() - started;
    },
    loader,
    async settleLoads() {
      const started = performance.now();
      await loader.settle();
      await warehouse.checkpoint();
      return performance.now() - started;
    },
    close() {
      converter.close();
    },
  };
}
