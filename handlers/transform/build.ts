/**
 * The transform handler, built from its dependencies: AWS (handlers/transform.ts) and the local runtime
 * run exactly this function. It hands the records to core/transform, re-ingests what must go round
 * again, emits one log line and the metrics, and returns the Firehose response.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { type FirehoseSender, type PutOptions, putRecordsReliably } from "../../core/io/put-record-batch.js";
import { createMasker } from "../../core/mask/index.js";
import { createPartitioner } from "../../core/partition.js";
import { transformBatch } from "../../core/transform/batch.js";
import type { TransformStats } from "../../core/transform/respond.js";
import { type FirehoseTransformationResponse, readEventEnvelope } from "../../schemas/firehose.js";
import type { TransformConfig } from "./config.js";

export type { FirehoseSender } from "../../core/io/put-record-batch.js";

/** What the handler is built from; `logger`/`metrics` are optional so local runs stay quiet. */
export interface TransformDeps {
  readonly firehose: FirehoseSender;
  readonly config: TransformConfig;
  /** The masking HMAC key itself, resolved from `config.maskingKey` before the handler is built. */
  readonly maskingKey: string;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly now?: () => number;
  /** Retry settings for re-ingestion (tests shorten the backoff). */
  readonly putOptions?: PutOptions;
}

/** A built transform: any event in (it is checked), the Firehose response out. */
export type TransformHandler = (event: unknown) => Promise<FirehoseTransformationResponse>;

/** Builds the handler. */
export function buildTransformHandler(deps: TransformDeps): TransformHandler {
  const settings = {
    masker: createMasker({ key: deps.maskingKey }),
    rules: deps.config.rules,
    partitioner: createPartitioner(deps.config.timeZone),
  };
  const now = deps.now ?? Date.now;
  return async (event) => {
    const envelope = readEventEnvelope(event);
    if (!envelope) throw new Error("Not a Firehose data-transformation event (deliveryStreamArn, records)");
    const plan = transformBatch(envelope.records, settings, now());
    try {
      if (plan.reingest.length > 0) {
        const stream = streamNameOf(envelope.deliveryStreamArn) ?? deps.config.deliveryStreamName;
        if (!stream) throw new Error(`Cannot re-ingest: no stream name in "${envelope.deliveryStreamArn}"`);
        await putRecordsReliably(deps.firehose, stream, plan.reingest, deps.putOptions);
      }
    } catch (error) {
      // Throwing makes Firehose retry the invocation (events already re-put are deduped by event_id),
      // but the batch's counters and the failure are still logged and measured first.
      observe(plan.stats, deps, error as Error);
      throw error;
    }
    observe(plan.stats, deps);
    return { records: plan.records };
  };
}

/** `arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME` → NAME. */
export function streamNameOf(arn: string): string | undefined {
  const match = /^arn:[^:]+:firehose:[^:]*:[^:]*:deliverystream\/(.+)$/.exec(arn);
  return match?.[1];
}

function observe(stats: TransformStats, deps: TransformDeps, reingestError?: Error): void {
  const { formats, ...counts } = stats;
  if (reingestError) {
    deps.logger?.error("transform batch: re-ingestion failed", { ...counts, formats, error: reingestError });
  } else {
    deps.logger?.info("transform batch", { ...counts, formats });
  }
  const metrics = deps.metrics;
  if (!metrics) return;
  metrics.addMetric("RecordsOk", MetricUnit.Count, stats.ok);
  metrics.addMetric("RecordsDropped", MetricUnit.Count, stats.dropped);
  metrics.addMetric("RecordsProcessingFailed", MetricUnit.Count, stats.failed);
  metrics.addMetric("RecordsReingested", MetricUnit.Count, stats.reingestedRecords);
  metrics.addMetric("ReingestPuts", MetricUnit.Count, stats.reingestPieces);
  metrics.addMetric("ReingestFailures", MetricUnit.Count, reingestError ? 1 : 0);
  metrics.addMetric("LogEvents", MetricUnit.Count, stats.events);
  metrics.addMetric("BytesIn", MetricUnit.Bytes, stats.bytesIn);
  metrics.addMetric("BytesOut", MetricUnit.Bytes, stats.bytesOut);
  for (const [format, n] of Object.entries(formats)) {
    metrics.singleMetric().addDimension("log_format", format).addMetric("EventsByFormat", MetricUnit.Count, n);
  }
  metrics.publishStoredMetrics();
}
