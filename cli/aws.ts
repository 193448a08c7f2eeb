/**
 * What the AWS commands share: client settings (SDK retries with adaptive backoff), resolving a stage's
 * resource names for the caller's account and region, and one-line messages for the usual AWS failures.
 */
import { existsSync, readFileSync } from "node:fs";
import { DescribeDeliveryStreamCommand, type FirehoseClient } from "@aws-sdk/client-firehose";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { configFromContext, type StageConfig } from "../infra/config/index.js";
import { type LakeNames, stageNames } from "../infra/config/stage-names.js";
import { CliError } from "./args.js";

/** Settings of every SDK client the CLI creates: 6 attempts, adaptive (client-side rate-limited) retries. */
export function clientConfig(region?: string): { region?: string; maxAttempts: number; retryMode: "adaptive" } {
  return { ...(region ? { region } : {}), maxAttempts: 6, retryMode: "adaptive" };
}

/** A one-line {@link CliError} (exit 1) for an AWS SDK failure; `what` says what was being done. */
export function awsError(error: unknown, what: string): CliError {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? "Error";
  const message = (e.message ?? String(error)).split("\n")[0] ?? "";
  if (name === "CredentialsProviderError" || /could not load credentials/i.test(message)) {
    return new CliError(
      "no AWS credentials found: set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and retry",
      1,
    );
  }
  if (/region is missing/i.test(message)) return new CliError("no AWS region: pass --region or set AWS_REGION", 1);
  if (/expired/i.test(name) || /token.*expired/i.test(message)) {
    return new CliError("AWS credentials have expired: refresh them (e.g. aws sso login) and retry", 1);
  }
  if (/AccessDenied|UnauthorizedOperation/.test(name) || e.$metadata?.httpStatusCode === 403) {
    return new CliError(`access denied while ${what}: ${message || name}`, 1);
  }
  return new CliError(`${what} failed: ${name}: ${message}`, 1);
}

/** Fails with one line when the delivery stream does not exist (or cannot be described). */
export async function checkDeliveryStream(firehose: FirehoseClient, stream: string): Promise<void> {
  try {
    await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: stream }));
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") {
      throw new CliError(`delivery stream ${stream} does not exist in ${await firehose.config.region()}`, 1);
    }
    throw awsError(error, `describing delivery stream ${stream}`);
  }
}

/** The caller's account id (also proves the credentials work). */
export async function callerAccount(region: string | undefined): Promise<string> {
  const sts = new STSClient(clientConfig(region));
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    if (!out.Account) throw new Error("GetCallerIdentity returned no account");
    return out.Account;
  } catch (error) {
    throw awsError(error, "checking the AWS credentials");
  }
}

/** The stage's configuration with the `loglake` context of ./cdk.json applied, as `cdk synth` sees it. */
export function stageConfig(stage: string): StageConfig {
  let context: Record<string, unknown> = {};
  if (existsSync("cdk.json")) {
    try {
      context = (JSON.parse(readFileSync("cdk.json", "utf8")) as { context?: Record<string, unknown> }).context ?? {};
    } catch {
      throw new CliError("cdk.json is not valid JSON", 1);
    }
  }
  try {
    return configFromContext((key) => (key === "stage" ? stage : context[key]));
  } catch (error) {
    throw new CliError((error as Error).message.replace(/^Invalid configuration: stage: /, "--stage "), 2);
  }
}

/** A stage's physical names in the caller's account and the chosen region. */
export async function resolveStage(
  stage: string,
  region: string | undefined,
): Promise<{ config: StageConfig; names: LakeNames; region: string | undefined }> {
  const config = stageConfig(stage);
  const effectiveRegion = region ?? config.env?.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!effectiveRegion) throw new CliError("no AWS region: pass --region or set AWS_REGION", 1);
  const account = config.env?.account ?? (await callerAccount(effectiveRegion));
  return { config, names: stageNames(config, account, effectiveRegion), region: effectiveRegion };
}
