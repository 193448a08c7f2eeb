/**
 * The transform's configuration: environment variables → a validated value, once per cold start.
 * A bad or missing variable fails with its name in the message.
 */
import { z } from "zod";
import { type BusinessRules, DEFAULT_BUSINESS_RULES, parseBusinessRules } from "../../core/business.js";
import { createPartitioner } from "../../core/partition.js";

/** Where the masking HMAC key comes from: the key itself (local runs, tests) or a Secrets Manager secret (AWS). */
export type MaskingKeySource =
  | { readonly kind: "key"; readonly key: string }
  | { readonly kind: "secret"; readonly secretArn: string };

/** The transform's configuration. */
export interface TransformConfig {
  readonly maskingKey: MaskingKeySource;
  /** IANA zone of the `dt`/`hour` partition keys. */
  readonly timeZone: string;
  readonly rules: BusinessRules;
  /** Re-ingest target when the event's deliveryStreamArn names no stream. */
  readonly deliveryStreamName?: string;
}

const EnvSchema = z.object({
  MASKING_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  MASKING_KEY_SECRET_ARN: z.string().startsWith("arn:").optional(),
  PARTITION_TIME_ZONE: z.string().min(1).default("UTC"),
  BUSINESS_RULES_JSON: z.string().optional(),
  DELIVERY_STREAM_NAME: z.string().min(1).optional(),
});

/** Parses the environment; a bad or missing variable fails fast with its name in the message. */
export function loadTransformConfig(env: Record<string, string | undefined>): TransformConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Transform configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const e = parsed.data;
  createPartitioner(e.PARTITION_TIME_ZONE); // throws a message naming PARTITION_TIME_ZONE
  return {
    maskingKey: maskingKeySource(e.MASKING_KEY, e.MASKING_KEY_SECRET_ARN),
    timeZone: e.PARTITION_TIME_ZONE,
    rules: e.BUSINESS_RULES_JSON ? parseBusinessRules(e.BUSINESS_RULES_JSON) : DEFAULT_BUSINESS_RULES,
    deliveryStreamName: e.DELIVERY_STREAM_NAME,
  };
}

// A key given directly wins over the secret: local runs and tests set it to avoid Secrets Manager.
function maskingKeySource(key: string | undefined, secretArn: string | undefined): MaskingKeySource {
  if (key) return { kind: "key", key };
  if (secretArn) return { kind: "secret", secretArn };
  throw new Error("Transform configuration: set MASKING_KEY_SECRET_ARN (AWS) or MASKING_KEY (local runs)");
}
