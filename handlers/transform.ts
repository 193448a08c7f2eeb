/**
 * Lambda entry point of the Firehose data-transformation function: CloudWatch Logs records → masked
 * `log_events` rows. Only what runs in AWS lives here: module-level clients, the cold-start config and
 * masking key, the logger's Lambda context. The handler itself is handlers/transform/build.ts.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { FirehoseTransformationHandler } from "aws-lambda";
import { buildTransformHandler, type TransformHandler } from "./transform/build.js";
import { loadTransformConfig, type MaskingKeySource } from "./transform/config.js";

const logger = new Logger();
const metrics = new Metrics();
const firehose = new FirehoseClient({ maxAttempts: 3 });
const secrets = new SecretsManagerClient({ maxAttempts: 3 });
let ready: Promise<TransformHandler> | undefined;

async function coldStart(): Promise<TransformHandler> {
  const config = loadTransformConfig(process.env);
  const maskingKey = await resolveMaskingKey(config.maskingKey, secrets);
  return buildTransformHandler({ firehose, config, maskingKey, logger, metrics });
}

/** The HMAC key itself: given, or read from its secret (SecretString). */
export async function resolveMaskingKey(
  source: MaskingKeySource,
  client: Pick<SecretsManagerClient, "send">,
): Promise<string> {
  if (source.kind === "key") return source.key;
  const out = await client.send(new GetSecretValueCommand({ SecretId: source.secretArn }));
  if (!out.SecretString) throw new Error(`MASKING_KEY_SECRET_ARN: secret ${source.secretArn} has no SecretString`);
  return out.SecretString;
}

/** The Lambda handler Firehose invokes. */
export const handler: FirehoseTransformationHandler = async (event, context) => {
  logger.addContext(context);
  ready ??= coldStart().catch((error) => {
    ready = undefined; // let the next invocation retry a failed cold start
    throw error;
  });
  return (await ready)(event);
};
