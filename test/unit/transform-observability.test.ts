import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { buildTransformHandler } from "../../handlers/transform/build.js";
import { loadTransformConfig } from "../../handlers/transform/config.js";
import { CONTROL_MESSAGE, dataMessage, encodePayload, firehoseEvent, TEST_MASKING_KEY } from "../fixtures/cwl.js";
import { captureOutput } from "../support/output.js";

type Line = Record<string, unknown> & { _aws?: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] } };

const firehoseMock = mockClient(FirehoseClient);
let output: ReturnType<typeof captureOutput> | undefined;
afterEach(() => {
  output?.restore();
  firehoseMock.reset();
});

function handlerPrinting() {
  const metrics = new Metrics({ namespace: "OnboardingLogLake", serviceName: "transform" });
  const logger = new Logger({ serviceName: "transform" });
  const config = loadTransformConfig({ MASKING_KEY: TEST_MASKING_KEY, DELIVERY_STREAM_NAME: "loglake-dev-log-events" });
  return buildTransformHandler({
    firehose: new FirehoseClient({ region: "us-east-1" }),
    config,
    maskingKey: TEST_MASKING_KEY,
    metrics,
    logger,
    putOptions: { sleep: async () => {} },
  });
}

const lambdaPayload = dataMessage("/aws/lambda/onboarding-start", "s", [
  "START RequestId: 6f1b2c3d-1111-4a5b-9c8d-0123456789ab Version: $LATEST\n",
  "free text\n",
]);

describe("transform handler observability", () => {
  it("prints one EMF line with the batch's counters, one per log format, and one structured log line", async () => {
    // Prepare
    const handler = handlerPrinting();
    output = captureOutput();
    // Act
    await handler(firehoseEvent([encodePayload(CONTROL_MESSAGE), encodePayload(lambdaPayload), "%%%"]));
    // Assess
    const lines = output.lines() as Line[];
    const emf = lines.filter((l) => l._aws !== undefined);
    const batch = emf.find((l) => "RecordsOk" in l);
    expect(batch).toMatchObject({
      service: "transform",
      RecordsOk: 1,
      RecordsDropped: 1,
      RecordsProcessingFailed: 1,
      RecordsReingested: 0,
      ReingestPuts: 0,
      ReingestFailures: 0,
      LogEvents: 2,
    });
    expect(batch?._aws?.CloudWatchMetrics[0]?.Namespace).toBe("OnboardingLogLake");
    expect(batch?.BytesOut).toBeGreaterThan(100);
    const perFormat = emf
      .filter((l) => "EventsByFormat" in l)
      .map((l) => [l.log_format, l.EventsByFormat])
      .sort();
    expect(perFormat).toEqual([
      ["lambda_platform", 1],
      ["text", 1],
    ]);
    const logs = lines.filter((l) => l._aws === undefined);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ level: "INFO", message: "transform batch", ok: 1, failed: 1, dropped: 1 });
  });

  it("still logs the batch and counts the failure when re-ingestion fails", async () => {
    // Prepare: a payload spanning two hours, so the second hour must be re-ingested; Firehose refuses it.
    firehoseMock
      .on(PutRecordBatchCommand)
      .rejects(Object.assign(new Error("no access"), { name: "AccessDeniedException" }));
    const hour10 = Date.UTC(2026, 10, 26, 10, 59, 59, 0);
    const logEvents = lambdaPayload.logEvents.map((e, i) => ({ ...e, timestamp: hour10 + i * 2000 }));
    const handler = handlerPrinting();
    output = captureOutput();
    // Act
    const outcome = handler(firehoseEvent([encodePayload({ ...lambdaPayload, logEvents })]));
    // Assess
    await expect(outcome).rejects.toThrow(/AccessDeniedException/);
    const lines = output.lines() as Line[];
    expect(lines.find((l) => "RecordsOk" in l)).toMatchObject({ RecordsOk: 1, ReingestPuts: 1, ReingestFailures: 1 });
    const errors = lines.filter((l) => l.level === "ERROR");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: "transform batch: re-ingestion failed", ok: 1 });
  });
});
