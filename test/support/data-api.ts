/**
 * The loader tests' AWS side (aws-sdk-client-mock): stubs of the Redshift Data API and S3 clients, reset before
 * every test, the loader's environment, and DescribeStatement answers for a load transaction. Response shapes follow
 * the Data API reference (DescribeStatement: Status, Error, SubStatements[].{Id "<id>:<n>", Status, Error,
 * ResultRows, Duration in ns, HasResultSet}).
 */
import { RedshiftDataClient, type SubStatementData } from "@aws-sdk/client-redshift-data";
import { S3Client } from "@aws-sdk/client-s3";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { beforeEach } from "vitest";
import { LAKE_BUCKET } from "../fixtures/loading.js";

/** The two stubbed clients every `new RedshiftDataClient()` / `new S3Client()` of the test file answers through. */
export interface DataApiMocks {
  readonly data: AwsClientStub<RedshiftDataClient>;
  readonly s3: AwsClientStub<S3Client>;
}

/**
 * Stubs the Data API and S3 clients for the test file and resets both (behaviours and recorded calls) before each
 * test, ahead of the file's own `beforeEach` hooks. Call once, at module level.
 */
export function mockDataApi(): DataApiMocks {
  const data = mockClient(RedshiftDataClient);
  const s3 = mockClient(S3Client);
  beforeEach(() => {
    data.reset();
    s3.reset();
  });
  return { data, s3 };
}

/** The loader's environment for a Serverless dev warehouse (handlers/loader/config.ts reads it). */
export const LOADER_ENV = {
  WAREHOUSE_DATABASE: "loglake",
  WAREHOUSE_WORKGROUP: "loglake-dev-warehouse",
  COPY_ROLE_ARN: "arn:aws:iam::111122223333:role/loglake-dev-copy",
  MANIFEST_BUCKET: LAKE_BUCKET,
  MANIFEST_PREFIX: "analytics/manifests/",
} as const;

/** The load transaction's sub-statements in order, as the loader submits them (core/load/redshift.ts). */
export const LOAD_STEPS = ["lockLedger", "createStage", "copy", "insertNew", "ledgerRows", "summary", "dropStage"];

/**
 * DescribeStatement of load transaction `id`: FINISHED with every sub-statement FINISHED or, with `failAt` (0-based),
 * FAILED with `error` there, the steps before FINISHED and the rest ABORTED (Redshift aborts the transaction).
 * `step(i)` adds a sub-statement's ResultRows, Duration, HasResultSet.
 */
export function loadDescription(
  id: string,
  options: { failAt?: number; error?: string; step?: (i: number) => Partial<SubStatementData> } = {},
) {
  const { failAt, error, step = () => ({}) } = options;
  const failed = failAt !== undefined;
  return {
    Id: id,
    Status: failed ? ("FAILED" as const) : ("FINISHED" as const),
    ...(failed ? { Error: error } : {}),
    SubStatements: LOAD_STEPS.map((_, i) => ({
      Id: `${id}:${i + 1}`,
      Status: !failed || i < failAt ? ("FINISHED" as const) : i === failAt ? ("FAILED" as const) : ("ABORTED" as const),
      ...(failed && i === failAt ? { Error: error } : {}),
      ...step(i),
    })),
  };
}
