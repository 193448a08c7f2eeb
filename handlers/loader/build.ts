/**
 * The loader handler, built from its dependencies (handlers/loader.ts passes the AWS clients): SQS
 * messages → core/load's invocation driver over the Data API target → `batchItemFailures` for every
 * message that was not loaded (bad bodies, poison objects, failed or unfinished loads), one log line
 * and the metrics (names agreed with the operations issue, docs/infrastructure.md).
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { DataApiSender, PollOptions } from "../../core/io/redshift-data.js";
import { redshiftLoadTarget } from "../../core/io/redshift-loader.js";
import { type LoadReport, loadMessages } from "../../core/load/run.js";
import type { LoaderConfig } from "./config.js";

/** What the handler is built from; `logger`/`metrics` are optional so other callers stay quiet. */
export interface LoaderDeps {
  readonly data: DataApiSender;
  readonly s3: Pick<S3Client, "send">;
  readonly config: LoaderConfig;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly now?: () => number;
  /** Polling and backoff timing (tests make it instant). */
  readonly poll?: Omit<PollOptions, "deadline">;
  readonly random?: () => number;
}

/** The part of the Lambda context the loader reads. */
export interface LoaderContext {
  readonly awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/** Time kept back from the invocation's end to report failures before Lambda stops it. */
export const DEADLINE_MARGIN_MS = 20_000;

/** A built loader: an SQS event in, the partial batch response out. */
export type LoaderHandler = (event: SQSEvent, context: LoaderContext) => Promise<SQSBatchResponse>;

/** Builds the handler. */
export function buildLoaderHandler(deps: LoaderDeps): LoaderHandler {
  const now = deps.now ?? Date.now;
  const { config } = deps;
  return async (event, context) => {
    const target = redshiftLoadTarget({
      data: deps.data,
      s3: deps.s3,
      connection: config.connection,
      names: config.names,
      copyRoleArn: config.copyRoleArn,
      manifestBucket: config.manifestBucket,
      manifestPrefix: config.manifestPrefix,
      invocationId: context.awsRequestId,
      poll: { ...deps.poll, now, deadline: now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS },
      random: deps.random,
    });
    const messages = (event.Records ?? []).map((r) => ({ messageId: r.messageId, body: r.body }));
    const report = await loadMessages(messages, target, { limits: config.limits, maxLoads: config.maxLoads });
    observe(report, messages.length, deps, now());
    return { batchItemFailures: report.failures.map((f) => ({ itemIdentifier: f.messageId })) };
  };
}

function observe(report: LoadReport, messages: number, deps: LoaderDeps, now: number): void {
  const { failures, poison, ...counts } = report;
  const lagSeconds = report.newestEventTime === null ? null : (now - report.newestEventTime) / 1000;
  const line = { messages, ...counts, failedMessages: failures.length, loadLagSeconds: lagSeconds };
  if (failures.length > 0) {
    // Every failed message is named with its reason: it reaches the DLQ, and this line says why.
    deps.logger?.error("load batch: messages not loaded", { ...line, failures, poison });
  } else {
    deps.logger?.info("load batch", line);
  }
  const metrics = deps.metrics;
  if (!metrics) return;
  metrics.addMetric("ObjectsLoaded", MetricUnit.Count, report.objectsLoaded);
  metrics.addMetric("RowsLoaded", MetricUnit.Count, report.rowsLoaded);
  metrics.addMetric("ObjectsSkipped", MetricUnit.Count, report.objectsSkipped);
  metrics.addMetric("CopySeconds", MetricUnit.Seconds, report.copySeconds);
  metrics.addMetric("BatchesFailed", MetricUnit.Count, report.batchesFailed);
  // Only when something was loaded: an idle or failed invocation says nothing about freshness.
  if (lagSeconds !== null) metrics.addMetric("LoadLagSeconds", MetricUnit.Seconds, lagSeconds);
  metrics.publishStoredMetrics();
}
