/**
 * The DLQ archiver's configuration: environment variables → a validated value, once per cold start.
 * A bad or missing variable fails with its name in the message.
 */
import { z } from "zod";
import { LAKE_PREFIXES } from "../../schemas/lake-layout.js";

/** The archiver's configuration. */
export interface ArchiverConfig {
  readonly bucket: string;
  /** Key prefix of the archive (ends with `/`). */
  readonly prefix: string;
  readonly topicArn: string;
}

const EnvSchema = z.object({
  ARCHIVE_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name"),
  ARCHIVE_PREFIX: z
    .string()
    .regex(/^([^/].*)?\/$/, "must end with / and not start with /")
    .default(LAKE_PREFIXES.pipelineFailures),
  ALERT_TOPIC_ARN: z.string().regex(/^arn:[^:]+:sns:[^:]+:\d{12}:.+$/, "must be an SNS topic ARN"),
});

/** Parses the environment; a bad or missing variable fails the cold start naming it. */
export function loadArchiverConfig(env: Record<string, string | undefined>): ArchiverConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`DLQ archiver configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const e = parsed.data;
  return { bucket: e.ARCHIVE_BUCKET, prefix: e.ARCHIVE_PREFIX, topicArn: e.ALERT_TOPIC_ARN };
}
