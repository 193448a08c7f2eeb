import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildTransformHandler, loadTransformConfig } from "../../handlers/transform.js";
import { CONTROL_MESSAGE, dataMessage, encodePayload, firehoseEvent, TEST_MASKING_KEY } from "../fixtures/cwl.js";

afterEach(() => vi.restoreAllMocks());

describe("transform handler observability", () => {
  it("emits record results, events per format and bytes as EMF metrics, and one structured log", async () => {
    // Prepare
    const metrics = new Metrics({ namespace: "OnboardingLogLake", serviceName: "transform" });
    const logger = new Logger({ serviceName: "transform" });
    const added: [string, number][] = [];
    vi.spyOn(metrics, "addMetric").mockImplementation((name, _unit, value) => {
      added.push([name, value]);
      return metrics;
    });
    const byFormat: Record<string, number> = {};
    vi.spyOn(metrics, "singleMetric").mockImplementation(() => {
      let format = "";
      const single = {
        addDimension: (_name: string, value: string) => {
          format = value;
          return single;
        },
        addMetric: (_name: string, _unit: unknown, value: number) => {
          byFormat[format] = value;
        },
      };
      return single as unknown as Metrics;
    });
    const published = vi.spyOn(metrics, "publishStoredMetrics").mockImplementation(() => metrics);
    const logged = vi.spyOn(logger, "info").mockImplementation(() => {});
    const config = { ...loadTransformConfig({ MASKING_KEY: TEST_MASKING_KEY }), maskingKey: TEST_MASKING_KEY };
    const handler = buildTransformHandler({ firehose: new FirehoseClient({}), config, metrics, logger });
    const payload = dataMessage("/aws/lambda/onboarding-start", "s", [
      "START RequestId: 6f1b2c3d-1111-4a5b-9c8d-0123456789ab Version: $LATEST\n",
      "free text\n",
    ]);
    // Act
    await handler(firehoseEvent([encodePayload(CONTROL_MESSAGE), encodePayload(payload), "%%%"]));
    // Assess
    const byName = Object.fromEntries(added);
    expect(byName).toMatchObject({ RecordsOk: 1, RecordsDropped: 1, RecordsProcessingFailed: 1, LogEvents: 2 });
    expect(byName.BytesOut).toBeGreaterThan(100);
    expect(byFormat).toEqual({ lambda_platform: 1, text: 1 });
    expect(published).toHaveBeenCalled();
    expect(logged).toHaveBeenCalledWith("transform batch", expect.objectContaining({ ok: 1, failed: 1, dropped: 1 }));
  });
});
