/**
 * A local Amazon Data Firehose stream with the semantics the pipeline relies on: the processor buffer
 * batches source records, invokes the transform handler with a real-shaped event, checks the response
 * (every recordId exactly once), honours Ok/Dropped/ProcessingFailed, accepts PutRecordBatch re-ingestion,
 * backs up source records, writes error records, and hands Ok rows to the lake per partition.
 */
import { PutRecordBatchCommand, type PutRecordBatchCommandOutput } from "@aws-sdk/client-firehose";
import { countLogEvents } from "../core/reprocess/events.js";
import type { FirehoseTransformationEvent, FirehoseTransformationResponse } from "../schemas/firehose.js";
import { checkResponse } from "./firehose-response.js";

/**
 * 256 KiB of source data per invocation. CloudWatch Logs payloads expand ~15× from gzip to base64'd
 * NDJSON rows, so Firehose's 1 MiB default would overflow the 6 MB response on every call and make the
 * handler re-ingest most records; 0.25 MB is inside Firehose's allowed 0.2–3 MB range.
 */
export const DEFAULT_PROCESSOR_BUFFER_BYTES = 256 * 1024;

/** The transform as Firehose sees it. */
export type TransformFn = (event: FirehoseTransformationEvent) => Promise<FirehoseTransformationResponse>;

/** The Firehose API the transform re-ingests through (PutRecordBatch into this stream). */
export interface FirehoseClientLike {
  send(command: unknown): Promise<PutRecordBatchCommandOutput>;
}

/**
 * Builds the transform given the stream's own client: the handler re-ingests into the stream that invokes
 * it, so the stream creates it (no half-built object or late-bound callback).
 */
export type TransformFactory = (client: FirehoseClientLike) => TransformFn;

/** Where the stream delivers: the S3 destination with its backup and error prefixes. */
export interface LakeSink {
  /** Ok rows of one partition (NDJSON bytes). */
  addRows(dt: string, hour: string, ndjson: Uint8Array): Promise<void>;
  /** One source record for the raw backup. */
  addRaw(data: Uint8Array): Promise<void>;
  /** One error record under `errors/<errorOutputType>/`. */
  addError(errorOutputType: string, record: Record<string, unknown>): void;
  /** One processor invocation is done. */
  endInvocation(): Promise<void>;
}

/** Options of the local stream. */
export interface LocalFirehoseOptions {
  readonly streamName: string;
  readonly lambdaArn: string;
  readonly region?: string;
  readonly accountId?: string;
  /** Processor buffer size in bytes of source data (Firehose's Lambda processor BufferSizeInMBs). @default 256 KiB */
  readonly processorBufferBytes?: number;
  /** Invocation attempts when the function errors (Firehose retries, then writes the records as errors). @default 3 */
  readonly maxAttempts?: number;
  readonly now?: () => number;
}

/** Counters of a stream's life. */
export interface LocalFirehoseStats {
  incomingRecords: number;
  reingestedRecords: number;
  invocations: number;
  okRecords: number;
  droppedRecords: number;
  failedRecords: number;
  failedEvents: number;
  /** Time inside the handler, ms. */
  handlerMs: number;
}

interface Queued {
  readonly data: Uint8Array;
  readonly arrival: number;
}

/** Raised by `send` for a stream that does not exist, as the SDK raises ResourceNotFoundException. */
export class ResourceNotFoundException extends Error {
  override readonly name = "ResourceNotFoundException";
}

/** The local stream; also the Firehose client the handler re-ingests through. */
export class LocalFirehose implements FirehoseClientLike {
  private queue: Queued[] = [];
  private queuedBytes = 0;
  private sequence = 0;
  readonly stats: LocalFirehoseStats = {
    incomingRecords: 0,
    reingestedRecords: 0,
    invocations: 0,
    okRecords: 0,
    droppedRecords: 0,
    failedRecords: 0,
    failedEvents: 0,
    handlerMs: 0,
  };
  private readonly arn: string;
  private readonly bufferBytes: number;
  private readonly now: () => number;
  private readonly transform: TransformFn;

  constructor(
    transform: TransformFactory,
    private readonly lake: LakeSink,
    private readonly options: LocalFirehoseOptions,
  ) {
    this.arn = `arn:aws:firehose:${options.region ?? "us-east-1"}:${options.accountId ?? "123456789012"}:deliverystream/${options.streamName}`;
    this.bufferBytes = options.processorBufferBytes ?? DEFAULT_PROCESSOR_BUFFER_BYTES;
    this.now = options.now ?? Date.now;
    // Last: the factory may keep `this` as its client, so everything else is set first.
    this.transform = transform(this);
  }

  /** Source records arriving (what the CloudWatch Logs subscription delivers). Processes full buffers. */
  async put(records: readonly Uint8Array[]): Promise<void> {
    for (const data of records) await this.accept(data);
    this.stats.incomingRecords += records.length;
    while (this.queuedBytes >= this.bufferBytes) await this.invokeOnce();
  }

  private async accept(data: Uint8Array): Promise<void> {
    this.queue.push({ data, arrival: this.now() });
    this.queuedBytes += data.byteLength;
    await this.lake.addRaw(data);
  }

  /** The SDK surface the handler uses: PutRecordBatch into this stream. */
  async send(command: unknown): Promise<PutRecordBatchCommandOutput> {
    if (!(command instanceof PutRecordBatchCommand))
      throw new Error("the local Firehose implements PutRecordBatch only");
    const { DeliveryStreamName, Records } = command.input;
    if (DeliveryStreamName !== this.options.streamName) {
      throw new ResourceNotFoundException(
        `Firehose ${DeliveryStreamName} under account ${this.options.accountId ?? "123456789012"} not found.`,
      );
    }
    const responses = [];
    for (const r of Records ?? []) {
      await this.accept(r.Data ?? new Uint8Array());
      this.sequence += 1;
      responses.push({ RecordId: `local-${this.sequence.toString().padStart(20, "0")}` });
    }
    this.stats.reingestedRecords += responses.length;
    return { FailedPutCount: 0, Encrypted: false, RequestResponses: responses, $metadata: { httpStatusCode: 200 } };
  }

  /**
   * Processes everything queued, including what the handler re-ingests meanwhile. With `signal`, stops
   * between invocations once it is aborted (what is still queued was never delivered).
   */
  async drain(signal?: AbortSignal): Promise<void> {
    while (this.queue.length > 0 && !signal?.aborted) await this.invokeOnce();
  }

  private takeBatch(): Queued[] {
    let bytes = 0;
    let n = 0;
    while (
      n < this.queue.length &&
      (n === 0 || bytes + (this.queue[n] as Queued).data.byteLength <= this.bufferBytes)
    ) {
      bytes += (this.queue[n] as Queued).data.byteLength;
      n += 1;
    }
    this.queuedBytes -= bytes;
    return this.queue.splice(0, n);
  }

  private async invokeOnce(): Promise<void> {
    const batch = this.takeBatch();
    if (batch.length === 0) return;
    await this.invoke(batch);
    // After the rows are handed over: lets the lake write partitions that stopped receiving rows.
    await this.lake.endInvocation();
  }

  private async invoke(batch: Queued[]): Promise<void> {
    const ids = batch.map((_, i) => `${(this.stats.invocations * 100_000 + i).toString(36).padStart(12, "0")}`);
    const event: FirehoseTransformationEvent = {
      invocationId: crypto.randomUUID(),
      deliveryStreamArn: this.arn,
      region: this.options.region ?? "us-east-1",
      records: batch.map((q, i) => ({
        recordId: ids[i] as string,
        approximateArrivalTimestamp: q.arrival,
        data: Buffer.from(q.data).toString("base64"),
      })),
    };
    this.stats.invocations += 1;
    const maxAttempts = this.options.maxAttempts ?? 3;
    let lastError = "";
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const started = performance.now();
      let response: unknown;
      try {
        response = await this.transform(event);
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        continue;
      } finally {
        this.stats.handlerMs += performance.now() - started;
      }
      const problem = checkResponse(response, ids);
      if (problem) return this.failAll(batch, attempt, problem.code, problem.message);
      return this.apply(batch, ids, response as FirehoseTransformationResponse);
    }
    this.failAll(
      batch,
      maxAttempts,
      "Lambda.FunctionError",
      `The Lambda function was successfully invoked but it returned an error result. ${lastError}`.trim(),
    );
  }

  private async apply(batch: Queued[], ids: string[], response: FirehoseTransformationResponse): Promise<void> {
    const byId = new Map(response.records.map((r) => [r.recordId, r]));
    for (let i = 0; i < batch.length; i++) {
      const out = byId.get(ids[i] as string);
      const q = batch[i] as Queued;
      if (!out) continue;
      if (out.result === "Dropped") this.stats.droppedRecords += 1;
      else if (out.result === "ProcessingFailed")
        this.fail(q, 1, "Lambda.ProcessingFailedStatus", "ProcessingFailed status set for record");
      else {
        const dt = out.metadata?.partitionKeys.dt;
        const hour = out.metadata?.partitionKeys.hour;
        if (!dt || !hour) {
          this.fail(
            q,
            1,
            "DynamicPartitioning.MetadataExtractionFailed",
            "partitionKeys dt and hour are required",
            "partitioning-failed",
          );
          continue;
        }
        this.stats.okRecords += 1;
        await this.lake.addRows(dt, hour, Buffer.from(out.data ?? "", "base64"));
      }
    }
  }

  private failAll(batch: Queued[], attempts: number, code: string, message: string): void {
    for (const q of batch) this.fail(q, attempts, code, message);
  }

  private fail(q: Queued, attempts: number, code: string, message: string, type = "processing-failed"): void {
    this.stats.failedRecords += 1;
    this.stats.failedEvents += countLogEvents(q.data);
    this.lake.addError(type, {
      attemptsMade: attempts,
      arrivalTimestamp: q.arrival,
      errorCode: code,
      errorMessage: message,
      attemptEndingTimestamp: this.now(),
      rawData: Buffer.from(q.data).toString("base64"),
      lambdaArn: this.options.lambdaArn,
    });
  }
}
