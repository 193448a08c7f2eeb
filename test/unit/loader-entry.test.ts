/** The loader's Lambda entry point as AWS runs it: config from process.env at cold start, clients at module level. */
import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
} from "@aws-sdk/client-redshift-data";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { Context } from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { curatedKey, eventBridgeObjectCreatedBody, sqsEvent, sqsRecord } from "../fixtures/loading.js";
import { LOADER_ENV, mockDataApi } from "../support/data-api.js";
import { captureOutput } from "../support/output.js";

const { data: dataMock, s3: s3Mock } = mockDataApi();
const context = {
  functionName: "loglake-dev-loader",
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
  getRemainingTimeInMillis: () => 300_000,
} as unknown as Context;
const event = () => sqsEvent(sqsRecord("m1", eventBridgeObjectCreatedBody(curatedKey(1), 100)));
let output: ReturnType<typeof captureOutput>;

beforeEach(() => {
  vi.resetModules(); // a fresh module is a fresh execution environment (cold start)
  for (const [name, value] of Object.entries(LOADER_ENV)) vi.stubEnv(name, value);
  vi.stubEnv("POWERTOOLS_METRICS_NAMESPACE", "OnboardingLogLake");
  vi.stubEnv("POWERTOOLS_SERVICE_NAME", "loader");
  vi.stubEnv("AWS_REGION", "eu-west-1");
  output = captureOutput();
});
afterEach(() => {
  output.restore();
  vi.unstubAllEnvs();
});

describe("loader entry point (handlers/loader.ts)", () => {
  it("fails with the variable's name when the environment lacks it, and acknowledges nothing", async () => {
    vi.stubEnv("MANIFEST_PREFIX", undefined);
    const { handler } = await import("../../handlers/loader.js");
    await expect(handler(event(), context, () => {})).rejects.toThrow(
      "Loader configuration: MANIFEST_PREFIX: required",
    );
    expect(dataMock.calls()).toHaveLength(0);
  });

  it("loads with the module's clients and logs with the Lambda context", async () => {
    s3Mock.on(PutObjectCommand).resolves({});
    dataMock.on(ExecuteStatementCommand).resolves({ Id: "lookup" });
    dataMock
      .on(DescribeStatementCommand, { Id: "lookup" })
      .resolves({ Id: "lookup", Status: "FINISHED", HasResultSet: true });
    dataMock.on(GetStatementResultCommand, { Id: "lookup" }).resolves({ Records: [] });
    dataMock.on(BatchExecuteStatementCommand).resolves({ Id: "load" });
    dataMock
      .on(DescribeStatementCommand, { Id: "load" })
      .resolves({ Id: "load", Status: "FINISHED", SubStatements: [] });
    const { handler } = await import("../../handlers/loader.js");

    const response = await handler(event(), context, () => {});

    expect(response).toEqual({ batchItemFailures: [] });
    expect(dataMock.commandCalls(BatchExecuteStatementCommand)[0]?.args[0].input.ClientToken).toMatch(
      /^b_[0-9a-f]{24}-[0-9a-f]{16}-1$/,
    );
    const log = (output.lines() as Record<string, unknown>[]).find((l) => l.message === "load batch");
    expect(log).toMatchObject({
      function_name: "loglake-dev-loader",
      function_request_id: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      objectsLoaded: 1,
    });
  });
});
