/**
 * Operator-invoked reprocess Lambda: `{ "prefix": "errors/processing-failed/", "since": "2026-12-01" }` →
 * the error prefix re-put through the delivery stream (core/reprocess/run.ts, the same code as
 * `loglake reprocess`). Stops cleanly a minute before its timeout; invoke it again to continue.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import type { FirehoseSender } from "../core/io/put-record-batch.js";
import { firehoseSink, type S3Sender, s3ErrorStore } from "../core/io/s3-error-store.js";
import { type ReprocessResult, reprocessErrors, sinceProblem } from "../core/reprocess/run.js";
import { LAKE_PREFIXES } from "../schemas/lake-layout.js";

const EnvSchema = z.object({
  LAKE_BUCKET: z.string().min(3, "must name the lake bucket"),
  DELIVERY_STREAM_NAME: z.string().min(1, "must name the delivery stream"),
});

/** The reprocess Lambda's configuration. */
export interface ReprocessConfig {
  readonly bucket: string;
  readonly streamName: string;
}

/** Parses the environment; a missing variable fails the cold start with its name. */
export function loadReprocessConfig(env: Record<string, string | undefined>): ReprocessConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Reprocess configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return { bucket: parsed.data.LAKE_BUCKET, streamName: parsed.data.DELIVERY_STREAM_NAME };
}

/** The invocation event. Every field is optional: `{}` reprocesses the whole error prefix. */
export const ReprocessEventSchema = z.strictObject({
  prefix: z
    .string()
    .refine((p) => p.startsWith(LAKE_PREFIXES.errors), { message: `must start with ${LAKE_PREFIXES.errors}` })
    .default(LAKE_PREFIXES.errors),
  since: z
    .string()
    .superRefine((s, ctx) => {
      const problem = sinceProblem(s);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  dryRun: z.boolean().default(false),
});

/** What the handler needs. */
export interface ReprocessDeps {
  readonly s3: S3Sender;
  readonly firehose: FirehoseSender;
  readonly config: ReprocessConfig;
  readonly logger?: Logger;
}

/** The part of the Lambda context the handler reads. */
interface ReprocessContext {
  getRemainingTimeInMillis(): number;
}

/** Stop starting new objects when less than this is left of the invocation. */
export const STOP_MARGIN_MS = 60_000;

/** Builds the handler (tests pass mocked clients). */
export function buildReprocessHandler(deps: ReprocessDeps) {
  return async (event: unknown, context?: ReprocessContext): Promise<ReprocessResult> => {
    const parsed = ReprocessEventSchema.safeParse(event ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`Invalid reprocess event: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
    }
    const { prefix, since, dryRun } = parsed.data;
    const result = await reprocessErrors(
      s3ErrorStore(deps.s3, deps.config.bucket),
      firehoseSink(deps.firehose, deps.config.streamName),
      {
        prefix,
        since,
        dryRun,
        shouldStop: () => (context ? context.getRemainingTimeInMillis() < STOP_MARGIN_MS : false),
        onProgress: (p) => deps.logger?.debug("error object", { ...p }),
      },
    );
    deps.logger?.info("reprocess done", { ...result, bucket: deps.config.bucket, stream: deps.config.streamName });
    return result;
  };
}

// ---- AWS entry point: clients created once per execution environment --------------------------
const logger = new Logger();
const clientConfig = { maxAttempts: 6, retryMode: "adaptive" } as const;
let ready: ReturnType<typeof buildReprocessHandler> | undefined;

/** The Lambda handler an operator invokes (console, `aws lambda invoke`). */
export const handler = async (event: unknown, context: ReprocessContext): Promise<ReprocessResult> => {
  ready ??= buildReprocessHandler({
    s3: new S3Client(clientConfig),
    firehose: new FirehoseClient(clientConfig),
    config: loadReprocessConfig(process.env),
    logger,
  });
  return ready(event, context);
};
