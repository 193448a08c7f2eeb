/**
 * The REAL transform handler, built for the local runtime: same code as in AWS, its Firehose client
 * pointed at the local stream, the masking key from the environment or a local development default.
 */
import { readFileSync } from "node:fs";
import { buildTransformHandler, type FirehoseSender } from "../handlers/transform/build.js";
import { loadTransformConfig } from "../handlers/transform/config.js";
import type { FirehoseTransformationEvent, FirehoseTransformationResponse } from "../schemas/firehose.js";

/** Development-only masking key; real deployments read theirs from Secrets Manager. */
export const LOCAL_MASKING_KEY = "loglake-local-development-masking-key";

/** Builds the handler bound to `firehose` (which only needs `send`). */
export function localTransform(
  firehose: { send(command: unknown): Promise<unknown> },
  env: Record<string, string | undefined> = process.env,
): (event: FirehoseTransformationEvent) => Promise<FirehoseTransformationResponse> {
  const maskingKey = env.LOGLAKE_MASKING_KEY ?? LOCAL_MASKING_KEY;
  const config = loadTransformConfig({
    MASKING_KEY: maskingKey,
    PARTITION_TIME_ZONE: env.LOGLAKE_PARTITION_TIME_ZONE ?? "UTC",
    BUSINESS_RULES_JSON: env.LOGLAKE_BUSINESS_RULES_FILE
      ? readRulesFile(env.LOGLAKE_BUSINESS_RULES_FILE)
      : env.LOGLAKE_BUSINESS_RULES_JSON,
  });
  const handler = buildTransformHandler({
    firehose: firehose as unknown as FirehoseSender,
    config,
    maskingKey,
  });
  return (event) => handler(event);
}

/** The business-field rules file (config/business-rules.example.json shape); errors name the file. */
function readRulesFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(
      `LOGLAKE_BUSINESS_RULES_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
}
