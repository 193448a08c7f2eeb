/**
 * The cost model's arithmetic against figures computed by hand (in the comments), and the mapping of a
 * stage's configuration to the model's inputs.
 */
import { describe, expect, it } from "vitest";
import { costInputsFrom, formatCost, gbPerDayOption } from "../../../cli/cost.js";
import { type CostInputs, estimateCost } from "../../../core/cost/model.js";
import { loadConfig } from "../../../infra/config/index.js";

const SMALL: CostInputs = {
  stage: "sandbox",
  gbPerDay: 10,
  warehouse: { kind: "provisioned", nodeType: "ra3.large", numberOfNodes: 2 },
  raw: { expireDays: 14 },
  firehose: { bufferSizeMiB: 64, bufferIntervalSeconds: 60, processorBufferSizeMB: 0.25 },
  loader: { maxBatchingWindowSeconds: 60, memoryMiB: 512 },
  interfaceEndpoints: 4,
  availabilityZones: 2,
};

describe("estimateCost", () => {
  it("prices 10 GB a day on a two-node ra3.large stage, component by component", () => {
    const e = estimateCost(SMALL);
    expect(e.components).toEqual([
      { name: "CloudWatch Logs subscription delivery", usd_per_month: 0 },
      // 300 GB of text a month, 37.5 GB gzip'd ingested: 37.5 × 0.029 = 1.0875
      { name: "Firehose ingestion", usd_per_month: 1.09 },
      // 37.5 × 0.018 = 0.675
      { name: "Firehose format conversion", usd_per_month: 0.68 },
      // 45 GB Parquet × 0.02 = 0.90, plus 43,200 objects (one a minute) × 0.005 / 1000 = 0.216
      { name: "Firehose dynamic partitioning", usd_per_month: 1.12 },
      // 300 × 1024 MB × 40.7 ms = 12,503 s × 1769/1024 = 21,600 GB-s × 0.0000133334 = 0.288; 150,000 requests = 0.03
      { name: "transform Lambda", usd_per_month: 0.32 },
      // 1.25 GB a day × 14 days = 17.5 GB × 0.023 = 0.4025
      { name: "S3 raw zone", usd_per_month: 0.4 },
      // 45 GB × 12 months = 540 GB × 0.023
      { name: "S3 curated zone (12th month)", usd_per_month: 12.42 },
      // 86,400 PUTs × 0.005 / 1000 = 0.432
      { name: "S3 requests", usd_per_month: 0.43 },
      // 129,600 requests × 0.40 / 1e6 = 0.0518
      { name: "SQS load queue", usd_per_month: 0.05 },
      // 43,200 invocations × 10 s × 0.5 GB = 216,000 GB-s × 0.0000133334 = 2.880, requests 0.0086
      { name: "loader Lambda", usd_per_month: 2.89 },
      // 0.543 × 2 nodes × 730 h
      { name: "Redshift compute", usd_per_month: 792.78 },
      // 540 GB × 0.024
      { name: "Redshift managed storage (12th month)", usd_per_month: 12.96 },
      { name: "Athena", usd_per_month: 5 },
      // 4 endpoints × 2 AZs × 730 h × 0.01
      { name: "VPC interface endpoints", usd_per_month: 58.4 },
      // 6 keys × 1 + 27 alarms × 0.10 + 3
      { name: "KMS keys, alarms, dashboard", usd_per_month: 11.7 },
    ]);
    expect(e.total_usd_per_month).toBe(900.24);
    // 900.24 − (0.68 + 1.12 + 0.32) + 96 runs × 30 × 2 DPU × (2 + 10/96 × 2 min)/60 × 0.44 = 93.28
    expect(e.glue_design_usd_per_month).toBe(991.4);
    expect(e).toMatchObject({ stage: "sandbox", gb_per_day: 10 });
  });

  it("spreads the raw zone over Standard, Standard-IA and Glacier IR by the lifecycle days", () => {
    const e = estimateCost({ ...SMALL, raw: { expireDays: 180, toInfrequentAccessDays: 30, toGlacierDays: 90 } });
    // 1.25 GB/day: 30 d × 0.023 = 0.8625, 60 d × 0.0125 = 0.9375, 90 d × 0.004 = 0.45
    expect(e.components.find((c) => c.name === "S3 raw zone")?.usd_per_month).toBe(2.25);
  });

  it("prices Serverless by its base RPUs around the clock", () => {
    const e = estimateCost({ ...SMALL, warehouse: { kind: "serverless", baseRpu: 8 } });
    // 8 RPU × 0.375 × 730 h
    expect(e.components.find((c) => c.name === "Redshift compute")?.usd_per_month).toBe(2190);
  });

  it("counts objects by buffer size when the volume fills buffers before the interval", () => {
    const e = estimateCost({ ...SMALL, gbPerDay: 1000 });
    // 4,500 GB Parquet × 0.02 = 90; objects max(43,200, 4,500 × 1024 / 64 = 72,000) × 0.005 / 1000 = 0.36
    expect(e.components.find((c) => c.name === "Firehose dynamic partitioning")?.usd_per_month).toBe(90.36);
  });

  it("refuses a node type it has no price for", () => {
    expect(() =>
      estimateCost({ ...SMALL, warehouse: { kind: "provisioned", nodeType: "dc2.large", numberOfNodes: 1 } }),
    ).toThrow("no price for Redshift node type dc2.large");
  });
});

describe("costInputsFrom", () => {
  it("reads the prod stage's warehouse, raw lifecycle, buffers and network", () => {
    expect(costInputsFrom(loadConfig("prod"), 5)).toMatchObject({
      stage: "prod",
      gbPerDay: 5,
      warehouse: { kind: "provisioned", nodeType: "ra3.xlplus", numberOfNodes: 3 },
      raw: { expireDays: 180, toInfrequentAccessDays: 30, toGlacierDays: 90 },
      firehose: { bufferSizeMiB: 128, bufferIntervalSeconds: 300, processorBufferSizeMB: 0.25 },
      loader: { maxBatchingWindowSeconds: 60, memoryMiB: 512 },
      availabilityZones: 3,
    });
  });
});

describe("loglake cost output", () => {
  it("prints one line per component, the total and the Glue design", () => {
    const text = formatCost(estimateCost(SMALL));
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      "Monthly estimate for stage sandbox at 10 GB of logs a day (USD, us-east-1 list prices of 2025-06):",
    );
    expect(lines).toHaveLength(19);
    expect(lines).toContain("  Redshift compute                       $792.78");
    expect(lines).toContain("  total                                  $900.24");
    expect(lines).toContain("  the Glue-job design                    $991.40");
  });

  it.each(["0", "-1", "x", "1e3", "100001"])("refuses --gb-per-day %s", (value) => {
    expect(() => gbPerDayOption(value)).toThrow(
      `--gb-per-day must be a number above 0 and up to 100,000, got "${value}"`,
    );
  });

  it("defaults to 10 GB a day and takes decimals", () => {
    expect(gbPerDayOption(undefined)).toBe(10);
    expect(gbPerDayOption("0.5")).toBe(0.5);
  });
});
