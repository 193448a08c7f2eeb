/**
 * Firehose data-transformation Lambda: CloudWatch Logs records → masked `log_events` rows.
 * Thin: parse config and event, call core/transform, re-ingest what must go round again, emit
 * logs and metrics, return the Firehose response.
 */

import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { z } from "zod";
import { type BusinessRules, DEFAULT_BUSINESS_RULES, parseBusinessRules } from "../core/business.js";
import { type FirehoseSender, type PutOptions, putRecordsReliably } from "../core/io/put-record-batch.js";
import { createMasker } from "../core/mask/index.js";
import { createPartitioner } from "../core/partition.js";
import { transformBatch } from "../core/transform/batch.js";
import type { TransformStats } from "../core/transform/respond.js";
import type { FirehoseTransformationResponse } from "../schemas/firehose.js";

export type { FirehoseSender } from "../core/io/put-record-batch.js";

const EnvSchema = z.object({
  MASKING_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  MASKING_KEY_SECRET_ARN: z.string().startsWith("arn:").optional(),
  PARTITION_TIME_ZONE: z.string().min(1).default("UTC"),
  BUSINESS_RULES_JSON: z.string().optional(),
  DELIVERY_STREAM_NAME: z.string().min(1).optional(),
});

/** The transform's configuration, parsed once per cold start. */
export interface TransformConfig {
  readonly maskingKey?: string;
  readonly maskingKeySecretArn?: string;
  readonly timeZone: string;
  readonly rules: BusinessRules;
  /** Fallback when the event's deliveryStreamArn does not name a stream. */
  readonly deliveryStreamName?: string;
}

/** Parses the environment; a bad or missing variable fails fast with its name in the message. */
export function loadTransformConfig(env: Record<string, string | undefined>): TransformConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Transform configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const e = parsed.data;
  if (!e.MASKING_KEY && !e.MASKING_KEY_SECRET_ARN) {
    throw new Error("Transform configuration: set MASKING_KEY_SECRET_ARN (AWS) or MASKING_KEY (local runs)");
  }
  createPartitioner(e.PARTITION_TIME_ZONE); // throws a message naming PARTITION_TIME_ZONE
  return {
    maskingKey: e.MASKING_KEY,
    maskingKeySecretArn: e.MASKING_KEY_SECRET_ARN,
    timeZone: e.PARTITION_TIME_ZONE,
    rules: e.BUSINESS_RULES_JSON ? parseBusinessRules(e.BUSINESS_RULES_JSON) : DEFAULT_BUSINESS_RULES,
    deliveryStreamName: e.DELIVERY_STREAM_NAME,
  };
}

/** What the handler is built from; `logger`/`metrics` are optional so local runs stay quiet. */
export interface TransformDeps {
  readonly firehose: FirehoseSender;
  readonly config: TransformConfig & { readonly maskingKey: string };
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly now?: () => number;
  /** Retry settings for re-ingestion (tests shorten the backoff). */
  readonly putOptions?: PutOptions;
}

type TransformHandler = (event: unknown, context?: unknown) => Promise<FirehoseTransformationResponse>;

const EventEnvelope = z.object({ deliveryStreamArn: z.string(), records: z.array(z.unknown()) });

/** Builds the handler; AWS and the local runtime both run exactly this function. */
export function buildTransformHandler(deps: TransformDeps): TransformHandler {
  const settings = {
    masker: createMasker({ key: deps.config.maskingKey }),
    rules: deps.config.rules,
    partitioner: createPartitioner(deps.config.timeZone),
  };
  const now = deps.now ?? Date.now;
  return async (event) => {
    const envelope = EventEnvelope.safeParse(event);
    if (!envelope.success) throw new Error("Not a Firehose data-transformation event (deliveryStreamArn, records)");
    const plan = transformBatch(envelope.data.records, settings, now());
    if (plan.reingest.length > 0) {
      const stream = streamNameOf(envelope.data.deliveryStreamArn) ?? deps.config.deliveryStreamName;
      if (!stream) throw new Error(`Cannot re-ingest: no stream name in "${envelope.data.deliveryStreamArn}"`);
      // Throwing here makes Firehose retry the invocation; events already re-put are deduped by event_id.
      await putRecordsReliably(deps.firehose, stream, plan.reingest, deps.putOptions);
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

function observe(stats: TransformStats, deps: TransformDeps): void {
  const { formats, ...counts } = stats;
  deps.logger?.info("transform batch", { ...counts, formats });
  const metrics = deps.metrics;
  if (!metrics) return;
  metrics.addMetric("RecordsOk", MetricUnit.Count, stats.ok);
  metrics.addMetric("RecordsDropped", MetricUnit.Count, stats.dropped);
  metrics.addMetric("RecordsProcessingFailed", MetricUnit.Count, stats.failed);
  metrics.addMetric("RecordsReingested", MetricUnit.Count, stats.reingestedRecords);
  metrics.addMetric("ReingestPuts", MetricUnit.Count, stats.reingestPieces);
  metrics.addMetric("LogEvents", MetricUnit.Count, stats.events);
  metrics.addMetric("BytesIn", MetricUnit.Bytes, stats.bytesIn);
  metrics.addMetric("BytesOut", MetricUnit.Bytes, stats.bytesOut);
  for (const [format, n] of Object.entries(formats)) {
    metrics.singleMetric().addDimension("log_format", format).addMetric("EventsByFormat", MetricUnit.Count, n);
  }
  metrics.publishStoredMetrics();
}

// ---- AWS entry point: clients created once per execution environment --------------------------
const logger = new Logger();
const metrics = new Metrics();
const firehose = new FirehoseClient({ maxAttempts: 3 });
let ready: Promise<TransformHandler> | undefined;

async function init(): Promise<TransformHandler> {
  const config = loadTransformConfig(process.env);
  const maskingKey = config.maskingKey ?? (await readSecret(config.maskingKeySecretArn as string));
  return buildTransformHandler({ firehose, config: { ...config, maskingKey }, logger, metrics });
}

async function readSecret(arn: string): Promise<string> {
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!out.SecretString) throw new Error(`MASKING_KEY_SECRET_ARN: secret ${arn} has no SecretString`);
  return out.SecretString;
}

/** The Lambda handler Firehose invokes. */
export const handler: TransformHandler = async (event, context) => {
  ready ??= init().catch((error) => {
    ready = undefined; // let the next invocation retry a failed cold start
    throw error;
  });
  return (await ready)(event, context);
};
