/**
 * Wires one local pipeline: lake writer ← local Firehose ← the real transform handler, then the loader
 * into the warehouse. Shared by `local run` and `local reprocess`.
 */
import { LakeWriter, type LakeBuffers } from "./lake.js";
import { LocalFirehose } from "./firehose.js";
import { ParquetConverter } from "./parquet.js";
import { lakeFile, type LocalPaths } from "./paths.js";
import { localTransform } from "./transform.js";
import type { LoadResult, LocalWarehouse } from "./warehouse.js";

/** The delivery stream name the fixtures and the CDK app use. */
export const LOCAL_STREAM_NAME = "onboarding-logs-to-s3";
const LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:onboarding-log-lake-transform";

/** Tuning of a local pipeline (tests and the benchmark shrink or grow buffers). */
export interface PipelineTuning {
  readonly processorBufferBytes?: number;
  readonly lakeBuffers?: LakeBuffers;
}

/** A running pipeline. */
export interface LocalPipeline {
  readonly firehose: LocalFirehose;
  readonly lake: LakeWriter;
  /** Processes everything still queued in the stream (the handler runs here too). */
  drain(): Promise<void>;
  /** Writes every buffered object and waits for conversions; returns ms spent. */
  flush(): Promise<number>;
  /** Loads what the lake wrote into the warehouse; returns the result and ms spent. */
  load(warehouse: LocalWarehouse): Promise<{ result: LoadResult; ms: number }>;
  close(): void;
}

/** Creates the pipeline under `paths`. */
export async function createPipeline(paths: LocalPaths, tuning: PipelineTuning = {}): Promise<LocalPipeline> {
  const converter = await ParquetConverter.create();
  const lake = new LakeWriter(paths.lake, paths.tmp, LOCAL_STREAM_NAME, converter, tuning.lakeBuffers);
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
    async load(warehouse) {
      const started = performance.now();
      const result = await warehouse.load(lake.written, (o) => lakeFile(paths, o));
      return { result, ms: performance.now() - started };
    },
    close() {
      converter.close();
    },
  };
}
