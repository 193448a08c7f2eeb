import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { dataMessage, encodePayload, firehoseEvent, rowsOf } from "../fixtures/cwl.js";
import { captureOutput } from "../support/output.js";

// The Lambda entry point as AWS runs it: config from process.env, the masking key from Secrets Manager at cold start.
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:loglake-dev-masking-key-AbCdEf";
const secretsMock = mockClient(SecretsManagerClient);
const context = { functionName: "loglake-dev-transform", awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef" };
let output: ReturnType<typeof captureOutput>;

beforeEach(() => {
  vi.resetModules(); // a fresh module is a fresh execution environment (cold start)
  vi.stubEnv("MASKING_KEY_SECRET_ARN", SECRET_ARN);
  vi.stubEnv("POWERTOOLS_METRICS_NAMESPACE", "OnboardingLogLake");
  vi.stubEnv("POWERTOOLS_SERVICE_NAME", "transform");
  output = captureOutput();
});
afterEach(() => {
  output.restore();
  vi.unstubAllEnvs();
  secretsMock.reset();
});

const event = () =>
  firehoseEvent([encodePayload(dataMessage("/aws/lambda/onboarding-start", "s", ["login as ana@example.com\n"]))]);

describe("transform entry point (handlers/transform.ts)", () => {
  it("reads the masking key from its secret once per cold start, and masks with it", async () => {
    // Prepare
    secretsMock
      .on(GetSecretValueCommand, { SecretId: SECRET_ARN })
      .resolves({ SecretString: "a-key-of-at-least-16-chars" });
    const { handler } = await import("../../handlers/transform.js");
    // Act
    const first = await handler(event(), context as Context, () => {});
    const second = await handler(event(), context as Context, () => {});
    // Assess: HMAC-SHA256 with key "a-key-of-at-least-16-chars" of "email:ana@example.com" begins 46bae4cf (computed with openssl, not this code).
    expect(rowsOf(first?.records[0]?.data)[0]?.message).toBe("login as [email:46bae4cf]");
    expect(rowsOf(second?.records[0]?.data)).toEqual(rowsOf(first?.records[0]?.data));
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it("retries a failed cold start on the next invocation instead of keeping the failure", async () => {
    // Prepare: the first read is refused, the second succeeds.
    secretsMock
      .on(GetSecretValueCommand)
      .rejectsOnce(Object.assign(new Error("User is not authorized"), { name: "AccessDeniedException" }))
      .resolves({ SecretString: "a-key-of-at-least-16-chars" });
    const { handler } = await import("../../handlers/transform.js");
    // Act + Assess
    await expect(handler(event(), context as Context, () => {})).rejects.toThrow("User is not authorized");
    const retried = await handler(event(), context as Context, () => {});
    expect(retried?.records[0]?.result).toBe("Ok");
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it("fails with the variable's name when the secret holds no string", async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]) });
    const { handler } = await import("../../handlers/transform.js");
    await expect(handler(event(), context as Context, () => {})).rejects.toThrow(
      `MASKING_KEY_SECRET_ARN: secret ${SECRET_ARN} has no SecretString`,
    );
  });

  it("adds the Lambda context to its log line", async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: "a-key-of-at-least-16-chars" });
    const { handler } = await import("../../handlers/transform.js");
    await handler(event(), context as Context, () => {});
    const log = (output.lines() as Record<string, unknown>[]).find((l) => l.message === "transform batch");
    expect(log).toMatchObject({
      function_name: "loglake-dev-transform",
      function_request_id: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    });
  });
});
